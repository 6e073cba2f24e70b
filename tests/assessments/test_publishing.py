"""Staff publish a frozen year's results to the public boards (亮履职, seed 001): only staff, only a frozen
year, with the CSRF token, and the security log says who."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import RuleSet
from liaison.models import SecurityEvent

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def frozen_year(db, staff_user):
    ruleset, _created = RuleSet.objects.get_or_create(year=THIS_YEAR - 1)
    ruleset.frozen_at, ruleset.frozen_by = timezone.now(), staff_user
    ruleset.save()
    return ruleset


def test_staff_publish_a_frozen_year_and_the_security_log_says_who(committee_staff, staff_user, frozen_year):
    url = reverse("assessments:publish")
    response = committee_staff.post(url, {"year": frozen_year.year, "publish": "1"})
    assert response.status_code == 302
    frozen_year.refresh_from_db()
    assert frozen_year.is_published and frozen_year.published_by == staff_user
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PUBLISHED)
    assert event.user == staff_user and event.target == f"assessments.RuleSet #{frozen_year.pk}"

    committee_staff.post(url, {"year": frozen_year.year, "publish": "0"})
    frozen_year.refresh_from_db()
    assert not frozen_year.is_published and frozen_year.published_by is None
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PUBLISHED).count() == 2


def test_a_year_not_frozen_cannot_be_published(committee_staff, db):
    RuleSet.objects.create(year=THIS_YEAR)
    response = committee_staff.post(reverse("assessments:publish"), {"year": THIS_YEAR, "publish": "1"})
    assert response.status_code == 302
    assert not RuleSet.objects.get(year=THIS_YEAR).is_published
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PUBLISHED).exists()


@pytest.mark.parametrize(
    ("client_name", "expected"),
    [("officer", 403), ("deputy", 403), ("unit_user", 403), ("other_officer", 403), ("anonymous", 302)],
)
def test_only_staff_publish(request, client_name, expected, frozen_year):
    client = request.getfixturevalue(client_name)
    response = client.post(reverse("assessments:publish"), {"year": frozen_year.year, "publish": "1"})
    assert response.status_code == expected
    if expected == 302:
        assert reverse("login") in response["Location"]
    frozen_year.refresh_from_db()
    assert not frozen_year.is_published


def test_publishing_needs_the_csrf_token(staff_user, frozen_year):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user)
    response = client.post(reverse("assessments:publish"), {"year": frozen_year.year, "publish": "1"})
    assert response.status_code == 403
    frozen_year.refresh_from_db()
    assert not frozen_year.is_published


def test_results_page_offers_staff_the_publish_button(committee_staff, frozen_year):
    page = committee_staff.get(reverse("assessments:results"), {"year": frozen_year.year}).content.decode()
    assert reverse("assessments:publish") in page and 'name="publish" value="1"' in page
