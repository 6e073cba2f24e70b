"""The officer's lists (voters/views/lists.py): the opinions with their filters and query budget, the monthly
consultation, the registers, the categories."""

from datetime import datetime, time

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Category, Opinion, ReturnVisit, Route
from voters.services.steps import opinion_triage

pytestmark = pytest.mark.django_db


def _list_with(station, count):
    for number in range(count):
        voter = VoterFactory(station=station)
        opinion = OpinionFactory(station=station, voter=voter)
        if number % 2:
            opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=None)


@pytest.mark.parametrize("rows", [2, 20])
def test_list_query_count_does_not_grow(officer, station, rows, django_assert_num_queries):
    _list_with(station, rows)
    # session, user, the officer's station ids (liaison.selectors.station_ids_visible_to), count, the page's
    # ids, then its rows (liaison.core.pagination.paginate), categories, by category, by route, ages, and the
    # filter form's station and category choices (masking needs no query: every role sees voters masked).
    with django_assert_num_queries(12):
        response = officer.get("/opinions/")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
@pytest.mark.parametrize("staff", ["committee_staff", "street_staff", "district_staff"])
def test_staff_list_query_count_does_not_grow(request, staff, station, rows, django_assert_num_queries):
    _list_with(station, rows)
    client = request.getfixturevalue(staff)
    # Staff of a jurisdiction cost two queries more, once: their jurisdiction's path (liaison.selectors.
    # jurisdictions_under) and the ids of the stations under it, which the opinions' scope holds as a list.
    with django_assert_num_queries(11 + 2 * (staff != "committee_staff")):
        response = client.get("/opinions/?period=open")
    assert response.status_code == 200


def test_list_filters(officer, officer_user, station, opinion):
    OpinionFactory(station=station, content="河道垃圾需要清理")
    assert "河道垃圾" in officer.get("/opinions/", {"q": "河道"}).content.decode()
    page = officer.get("/opinions/", {"q": "13812345678"}).content.decode()
    assert opinion.tracking_code in page and "河道垃圾" not in page
    # At noon in China, so that "today" is the same day when the opinion is stamped and when it is listed.
    noon = timezone.make_aware(datetime.combine(timezone.localdate(), time(12)))
    with time_machine.travel(noon, tick=False):
        officer.force_login(officer_user)  # a session from another moment would not hold
        Opinion.objects.filter(pk=opinion.pk).update(received_at=timezone.now())
        assert opinion.tracking_code in officer.get("/opinions/", {"period": "today"}).content.decode()


def test_overdue_and_open_by_age(officer, station):
    old = OpinionFactory(station=station, received_at=timezone.now() - timezone.timedelta(days=40))
    Opinion.objects.filter(pk=old.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=25))
    page = officer.get("/opinions/", {"period": "overdue"}).content.decode()
    assert old.tracking_code in page


def test_monthly_consultation_groups_by_category_and_level(officer, station):
    opinion = OpinionFactory(station=station, suggested_level="city")
    month = timezone.localtime(opinion.received_at).strftime("%Y-%m")
    response = officer.get("/opinions/consultation/", {"month": month})
    assert opinion.tracking_code in response.content.decode()
    groups = response.context["groups"]
    assert groups[0]["levels"][0]["level"] == "city"


def test_consultation_takes_the_levels_from_the_highest_down(officer, station):
    category = Category.objects.get(name="交通出行")
    for level in ["", "county", "provincial", "city"]:
        OpinionFactory(station=station, suggested_level=level, category=category)
    groups = officer.get("/opinions/consultation/").context["groups"]
    assert [level["level"] for level in groups[0]["levels"]] == ["provincial", "city", "county", ""]


def test_registers_for_a_period(officer, opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user, reply="当场答复")
    day = timezone.localdate().isoformat()
    register = officer.get("/opinions/register/", {"start": day, "end": day}).content.decode()
    assert opinion.content in register
    feedback = officer.get("/opinions/feedback/", {"start": day, "end": day}).content.decode()
    assert "当场答复" in feedback
    assert ReturnVisit.objects.count() == 1
    export = officer.get("/opinions/feedback/export/", {"start": day, "end": day})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_register_refuses_a_reversed_period(officer):
    response = officer.get("/opinions/register/export/", {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 302


def test_the_register_opens_on_this_month(officer):
    page = officer.get("/opinions/register/").content.decode()
    assert f'value="{timezone.localdate().replace(day=1).isoformat()}"' in page


def test_categories_are_seeded_and_staff_edit_them(committee_staff):
    assert Category.objects.count() == 8
    other = Category.objects.get(name="其他")
    response = committee_staff.post(
        f"/opinions/categories/{other.pk}/edit/",
        {"name": "其他事项", "name_en": "Other", "position": 90, "is_active": "on"},
    )
    assert response.status_code == 302
    assert Category.objects.filter(name="其他事项").exists()


@pytest.mark.django_db(transaction=True)
def test_categories_come_back_after_a_flush():
    """Live-server tests flush every table; post_migrate (voters/apps.py) seeds the categories again."""
    call_command("flush", "--noinput", verbosity=0)
    assert Category.objects.count() == 8
