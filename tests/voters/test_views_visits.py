"""Logging a visit in one form (issue 18, item 22): the visit, each voter met, and what each raised registered
as an opinion on save, one line a voter, with a box to leave a line unregistered; the visit's page then
lists the opinions it made. Queries of the visit pages pinned."""

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Visit
from tests.activities.factories import VisitFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory
from voters.models import Channel, Opinion

pytestmark = pytest.mark.django_db


def _posted(station, officer_user, deputy_record, lines, kind="reception"):
    data = {
        "kind": kind,
        "date": timezone.localdate().isoformat(),
        "station": station.pk,
        "place": "接待室",
        "deputies": [deputy_record.pk],
        "officer": officer_user.pk,
        "voters_met": 0,
        "summary": "接待日",
        "entries-TOTAL_FORMS": len(lines),
        "entries-INITIAL_FORMS": 0,
    }
    for index, line in enumerate(lines):
        data.update({f"entries-{index}-{key}": value for key, value in line.items()})
    return data


THREE = [
    {"voter_name": "王大妈", "voter_phone": "13800001111", "raised": "楼道灯不亮"},
    {"voter_name": "李师傅", "voter_phone": "", "raised": "希望增加公交班次"},
    {"voter_name": "赵老师", "voter_phone": "13800003333", "raised": "只是来问问政策", "unregistered": "on"},
    {"raised": ""},
]


def test_one_form_logs_the_visit_and_registers_each_voter_but_the_one_kept_back(
    officer, point, officer_user, deputy_record
):
    response = officer.post(reverse("voters:visit_log"), _posted(point, officer_user, deputy_record, THREE))
    assert response.status_code == 302, response.context and response.context["form"].errors
    visit = Visit.objects.get()
    assert visit.voters_met == 3
    entries = list(visit.entries.order_by("position"))
    assert [entry.raised for entry in entries] == ["楼道灯不亮", "希望增加公交班次", "只是来问问政策"]
    opinions = Opinion.objects.filter(visit=visit).order_by("pk")
    assert [(o.content, o.channel, o.station, o.deputy, o.visit_entry) for o in opinions] == [
        ("楼道灯不亮", Channel.RECEPTION, point, deputy_record, entries[0]),
        ("希望增加公交班次", Channel.RECEPTION, point, deputy_record, entries[1]),
    ]
    assert opinions[0].voter.phone == "+8613800001111"
    assert not Opinion.objects.filter(visit_entry=entries[2]).exists()

    page = officer.get(response["Location"]).content.decode()
    for opinion in opinions:
        assert f'href="{opinion.get_absolute_url()}"' in page and opinion.tracking_code in page
    assert "138****1111" in page and "13800001111" not in page
    # The line kept back can still be registered from the visit's page.
    assert reverse("voters:from_visit", args=[visit.pk]) in page


def test_a_visit_registers_its_opinions_on_the_visits_channel(officer, point, officer_user, deputy_record):
    data = _posted(point, officer_user, deputy_record, THREE[:1], kind="visit")
    assert officer.post(reverse("voters:visit_log"), data).status_code == 302
    assert Opinion.objects.get().channel == Channel.VISIT


def test_a_wrong_line_keeps_everything_typed_and_saves_nothing(officer, point, officer_user, deputy_record):
    lines = [THREE[0], {"voter_name": "李师傅", "voter_phone": "12345", "raised": "希望增加公交班次"}]
    response = officer.post(reverse("voters:visit_log"), _posted(point, officer_user, deputy_record, lines))
    assert response.status_code == 200
    page = response.content.decode()
    assert "楼道灯不亮" in page and "希望增加公交班次" in page and 'value="12345"' in page
    assert not Visit.objects.exists() and not Opinion.objects.exists()
    named_only = [{"voter_name": "王大妈", "raised": ""}]
    response = officer.post(
        reverse("voters:visit_log"), _posted(point, officer_user, deputy_record, named_only)
    )
    assert response.status_code == 200 and not Visit.objects.exists()


def test_the_form_comes_with_blank_lines_and_the_template_for_more(officer):
    page = officer.get(reverse("voters:visit_log")).content.decode()
    assert 'name="entries-2-raised"' in page and 'name="entries-3-raised"' not in page
    assert 'name="entries-__prefix__-raised"' in page and "voters/visit_lines.js" in page


@pytest.mark.parametrize("extra_deputies", [0, 5])
def test_the_form_costs_the_same_queries_whatever_the_stations_deputies(
    officer, point, officer_user, deputy_record, extra_deputies, django_assert_num_queries
):
    for _ in range(extra_deputies):
        StationingFactory(deputy=DeputyFactory(), station=point)
    # session, user, stations, today's activities, the deputies picker with their levels, groups and
    # stationings (its labels), the officers
    with django_assert_num_queries(9):
        response = officer.get(reverse("voters:visit_log"))
    assert response.status_code == 200


@pytest.mark.parametrize("count", [2, 20])
def test_the_visit_page_costs_the_same_queries_whatever_the_number_of_voters(
    officer, point, officer_user, deputy_record, count, django_assert_num_queries
):
    lines = [{"voter_name": f"选民{n}", "raised": f"第{n}件事"} for n in range(count)]
    officer.post(reverse("voters:visit_log"), _posted(point, officer_user, deputy_record, lines))
    visit = Visit.objects.get()
    assert Opinion.objects.filter(visit=visit).count() == count
    # session, user, the visit with its station, officer, day and author, its deputies, entries, opinions
    with django_assert_num_queries(6):
        response = officer.get(visit.get_absolute_url())
    page = response.content.decode()
    assert all(f'href="{o.get_absolute_url()}"' in page for o in Opinion.objects.filter(visit=visit))


def test_the_visits_log_links_to_the_one_form(officer, point, officer_user):
    VisitFactory(station=point, officer=officer_user)
    assert reverse("voters:visit_log") in officer.get(reverse("activities:visits")).content.decode()
