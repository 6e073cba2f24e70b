"""The deputy picker every form uses (deputies/pickers.py): options that tell two deputies of one name apart,
carry the roster search's keys, and cost the same queries however many deputies there are."""

import json
import re

import pytest
from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils import translation

from deputies.models import Deputy, Level
from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory, MandateFactory
from tests.liaison.factories import StationingFactory


class PickForm(forms.Form):
    lead = DeputyChoiceField(queryset=Deputy.objects.all())
    joint = DeputyMultipleChoiceField(queryset=Deputy.objects.all(), required=False)


def stationed(station, count, **fields):
    deputies = DeputyFactory.create_batch(count, **fields)
    group = DeputyGroupFactory(station=station)
    for deputy in deputies:
        MandateFactory(deputy=deputy)
        StationingFactory(deputy=deputy, station=station)
        group.members.add(deputy)
    return deputies


def options(html):
    """Each option's text and its picker data, in order."""
    found = re.findall(r"<option value=\"\d+\" data-data=\"([^\"]*)\"[^>]*>([^<]*)</option>", html)
    return [(text, json.loads(data.replace("&quot;", '"'))) for data, text in found]


def test_two_deputies_of_one_name_differ_by_station_group_and_level(station, other_station):
    first = stationed(station, 1, name="蔡英")[0]
    second = stationed(other_station, 1, name="蔡英")[0]
    MandateFactory(deputy=second, level=Level.CITY, term="第十六届")
    with translation.override("zh-hans"):
        html = str(PickForm()["lead"])
    assert 'data-picker="true"' in html
    shown = options(html)
    assert len(shown) == 2
    assert len({text for text, _data in shown}) == 2, "without JavaScript the texts alone tell them apart"
    by_name = {data["detail"]: data for _text, data in shown}
    first_group, second_group = (deputy.deputy_groups.get().name for deputy in (first, second))
    assert f"{station.name} · {first_group} · 县（区）级" in by_name
    assert f"{other_station.name} · {second_group} · 市级、县（区）级" in by_name
    assert {data["name"] for data in by_name.values()} == {"蔡英"}
    assert all(data["keys"] == ["cai ying", "cy"] for data in by_name.values())


@pytest.mark.parametrize("rows", [2, 20])
def test_the_options_cost_the_same_queries_at_2_and_20_deputies(station, rows, django_assert_num_queries):
    stationed(station, rows)
    form = PickForm()
    # Per field: the deputies, then their mandates, groups and current stationings, each in one query.
    with django_assert_num_queries(8):
        html = str(form["lead"]) + str(form["joint"])
    assert len(re.findall(r"<option value=\"\d", html)) == 2 * rows


def test_a_chosen_deputy_is_read_back_and_a_foreign_one_refused(station, other_station):
    mine = stationed(station, 2)
    foreign = stationed(other_station, 1)[0]
    queryset = Deputy.objects.annotate(n=Count("stationings")).filter(stationings__station=station)
    form = PickForm(data={"lead": mine[0].pk, "joint": [mine[1].pk]})
    form.fields["lead"].queryset = form.fields["joint"].queryset = queryset
    assert form.is_valid(), form.errors
    assert form.cleaned_data["lead"] == mine[0]
    assert list(form.cleaned_data["joint"]) == [mine[1]]
    form = PickForm(data={"lead": foreign.pk, "joint": [foreign.pk]})
    form.fields["lead"].queryset = form.fields["joint"].queryset = queryset
    assert not form.is_valid()
    assert set(form.errors) == {"lead", "joint"}


@pytest.mark.parametrize("rows", [2, 20])
def test_the_activity_form_costs_the_same_queries_at_2_and_20_deputies(
    officer, station, rows, django_assert_num_queries
):
    stationed(station, rows)
    with django_assert_num_queries(8):
        response = officer.get(reverse("activities:create"))
    assert response.content.decode().count("data-data=") == rows
