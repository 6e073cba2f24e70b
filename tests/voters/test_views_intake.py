"""Entering opinions (voters/views/intake.py): the officer's form, its hint of similar opinions, and the
voters met during a logged visit."""

import pytest
from django.utils import timezone

from liaison.activities.models import Visit
from tests.voters.factories import OpinionFactory
from voters.models import Opinion, Voter

pytestmark = pytest.mark.django_db


def test_the_same_phone_finds_the_voter_again(officer, station, voter):
    officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "再次反映路灯问题",
            "voter_phone": "138-1234-5678",
        },
    )
    assert Voter.objects.count() == 1
    assert Opinion.objects.get().voter == voter


def test_bad_phone_on_the_officer_form(officer, station):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "反映路灯问题",
            "voter_phone": "1381234567",
        },
    )
    assert response.status_code == 200
    assert "1381234567" in response.content.decode()
    assert not Opinion.objects.exists()


def test_officer_cannot_enter_for_another_station(officer, other_station):
    response = officer.post(
        "/opinions/new/",
        {
            "station": other_station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "反映路灯问题",
        },
    )
    assert response.status_code == 200
    assert not Opinion.objects.exists()


def test_reception_day_save_and_enter_the_next(officer, station, deputy_record):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": "2026-03-15T09:30",
            "deputy": deputy_record.pk,
            "content": "第一位选民反映停车难",
            "another": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/opinions/new/?")
    form = officer.get(response["Location"]).context["form"]
    assert str(form.initial["deputy"]) == str(deputy_record.pk)
    assert form.initial["received_at"] == "2026-03-15T09:30"


def test_similar_hint(officer, station, point):
    OpinionFactory(station=point, content="桂花路的路灯坏了好几天，晚上很黑")
    response = officer.get("/opinions/similar/", {"station": station.pk, "content": "桂花路路灯坏了"})
    assert "桂花路的路灯" in response.content.decode()


def test_opinions_from_a_visit(officer, point, deputy_record):
    visit = Visit.objects.create(kind=Visit.Kind.RECEPTION, date=timezone.localdate(), station=point)
    visit.deputies.add(deputy_record)
    visit.entries.create(voter_name="赵六", voter_phone="13812349999", raised="楼道灯不亮")
    visit.entries.create(raised="希望增设快递柜")
    assert officer.post(f"/opinions/from-visit/{visit.pk}/").status_code == 302
    assert officer.post(f"/opinions/from-visit/{visit.pk}/").status_code == 302  # twice is harmless
    opinions = Opinion.objects.order_by("pk")
    assert [o.content for o in opinions] == ["楼道灯不亮", "希望增设快递柜"]
    assert all(o.visit == visit and o.deputy == deputy_record and o.channel == "reception" for o in opinions)
    assert opinions[0].voter.phone == "+8613812349999" and opinions[1].voter is None


def test_a_text_too_long_is_refused_with_its_length_not_cut(officer, station):
    form = officer.get("/opinions/new/").content.decode()
    assert 'data-max-chars="5000"' in form and 'maxlength="5000"' not in form  # the browser cuts at maxlength
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "phone",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "content": "路" * 5001,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200 and not Opinion.objects.exists()
    assert "内容共 5001 字，超过上限 5000 字，请删减后再提交。" in page and "确保该变量" not in page
