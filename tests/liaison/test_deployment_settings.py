"""What the whole deployment shares (reminder rules, congress sessions, the gateways' test, the opinions'
categories, the working-day calendar, the freezing and publishing of a year's results) is changed by staff of the whole deployment only: staff of a street
or a district see those pages read-only and are refused the changes (liaison.core.access.is_deployment_staff)."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.rules import ruleset_ensure, year_ruleset
from liaison.activities.models import CongressSession
from liaison.models import Holiday
from liaison.notifications.models import ReminderRule
from voters.models import Category

READ_ONLY = "这些设置由全系统的工作人员维护"


@pytest.fixture
def rule(db):
    return ReminderRule.objects.get_or_create(kind="activity_upcoming", defaults={"enabled": True})[0]


@pytest.mark.parametrize("scoped", ["street_staff", "district_staff"])
def test_reminder_rules_are_read_only_for_staff_of_a_jurisdiction(request, scoped, rule):
    client = request.getfixturevalue(scoped)
    response = client.get(reverse("activities:rules"))
    assert response.status_code == 200
    assert READ_ONLY in response.content.decode()
    assert reverse("activities:rule_edit", args=[rule.pk]) not in response.content.decode()
    enabled = rule.enabled
    response = client.post(reverse("activities:rule_edit", args=[rule.pk]), {"enabled": ""})
    assert response.status_code == 403
    rule.refresh_from_db()
    assert rule.enabled == enabled


def test_deployment_staff_still_edit_the_rules(committee_staff, rule):
    response = committee_staff.get(reverse("activities:rules"))
    assert reverse("activities:rule_edit", args=[rule.pk]) in response.content.decode()
    assert READ_ONLY not in response.content.decode()


@pytest.mark.parametrize("scoped", ["street_staff", "district_staff"])
def test_congress_sessions_are_kept_by_deployment_staff_only(request, scoped, db):
    client = request.getfixturevalue(scoped)
    data = {"name": "第七次会议", "starts_on": "2027-03-01"}
    assert client.post(reverse("activities:session_create"), data).status_code == 403
    session = CongressSession.objects.create(name="第六次会议", starts_on=date(2027, 1, 10))
    assert client.post(reverse("activities:session_edit", args=[session.pk]), data).status_code == 403
    assert list(CongressSession.objects.values_list("name", flat=True)) == ["第六次会议"]


def test_the_gateways_test_is_refused_to_staff_of_a_street(street_staff, committee_staff):
    page = street_staff.get(reverse("notifications:gateways"))
    assert page.status_code == 200
    check = reverse("notifications:gateway_check", args=["sms"])
    assert check not in page.content.decode()
    assert street_staff.post(check).status_code == 403
    assert check in committee_staff.get(reverse("notifications:gateways")).content.decode()
    assert committee_staff.post(check).status_code == 302


@pytest.mark.parametrize("scoped", ["street_staff", "district_staff"])
def test_categories_are_read_only_for_staff_of_a_jurisdiction(request, scoped, db):
    client = request.getfixturevalue(scoped)
    page = client.get(reverse("voters:categories"))
    assert page.status_code == 200
    assert reverse("voters:category_create") not in page.content.decode()
    count = Category.objects.count()
    data = {"name": "街道自设", "position": 1, "is_active": "on"}
    assert client.post(reverse("voters:category_create"), data).status_code == 403
    category = Category.objects.order_by("pk").first()
    assert client.post(reverse("voters:category_edit", args=[category.pk]), data).status_code == 403
    assert Category.objects.count() == count
    assert not Category.objects.filter(name="街道自设").exists()


@pytest.mark.parametrize("scoped", ["street_staff", "district_staff"])
def test_the_official_calendar_is_read_only_for_staff_of_a_jurisdiction(request, scoped, db):
    client = request.getfixturevalue(scoped)
    holiday = Holiday.objects.create(date=date(2026, 10, 1), name="国庆节")
    page = client.get(reverse("calendar:year", args=[2026]))
    assert page.status_code == 200
    assert READ_ONLY in page.content.decode()
    assert reverse("calendar:day_edit", args=[holiday.pk]) not in page.content.decode()
    assert reverse("calendar:load", args=[2026]) not in page.content.decode()
    added = {"date": "2026-05-06", "name": "街道自定", "is_working_day": ""}
    assert client.post(reverse("calendar:year", args=[2026]), added).status_code == 403
    assert client.post(reverse("calendar:load", args=[2026])).status_code == 403
    edited = {"name": "改名", "is_working_day": "on"}
    assert client.post(reverse("calendar:day_edit", args=[holiday.pk]), edited).status_code == 403
    assert list(Holiday.objects.values_list("name", flat=True)) == ["国庆节"]


def test_deployment_staff_still_correct_the_calendar(committee_staff, db):
    holiday = Holiday.objects.create(date=date(2026, 10, 1), name="国庆节")
    page = committee_staff.get(reverse("calendar:year", args=[2026]))
    assert reverse("calendar:day_edit", args=[holiday.pk]) in page.content.decode()
    assert committee_staff.get(reverse("calendar:day_edit", args=[holiday.pk])).status_code == 200


@pytest.mark.parametrize("scoped", ["street_staff", "district_staff"])
def test_a_years_results_are_frozen_and_published_by_deployment_staff_only(request, scoped, committee_staff):
    client = request.getfixturevalue(scoped)
    ruleset_ensure(2026)
    page = client.get(reverse("assessments:results"), {"year": 2026}).content.decode()
    assert reverse("assessments:freeze") not in page
    assert client.post(reverse("assessments:freeze"), {"year": 2026}).status_code == 403
    assert not year_ruleset(2026).get().is_frozen

    assert (
        reverse("assessments:freeze")
        in committee_staff.get(reverse("assessments:results"), {"year": 2026}).content.decode()
    )
    committee_staff.post(reverse("assessments:freeze"), {"year": 2026})
    assert year_ruleset(2026).get().is_frozen
    assert client.post(reverse("assessments:publish"), {"year": 2026, "publish": "1"}).status_code == 403
    assert not year_ruleset(2026).get().is_published
