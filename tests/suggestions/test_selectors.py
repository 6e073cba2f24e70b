"""The figures of the rates page (suggestions.selectors.rates): totals, per category, unit and deputy, the
period, the page's queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from suggestions.selectors import rates
from suggestions.services.proposals import suggestion_reject
from suggestions.services.replies import suggestion_evaluate

pytestmark = pytest.mark.django_db


@pytest.fixture
def known_records(loop, staff_user):
    """Seven suggestions whose counts are worked out by hand below."""
    loop.to("closed", category="transport", rating="satisfied")  # A
    loop.to("closed", category="transport", rating="basically")  # B
    loop.to("replied", category="education")  # C
    loop.to("registered", category="urban")  # D
    loop.to("submitted", category="urban")  # E
    rejected = loop.to("submitted", category="urban")  # F
    suggestion_reject(suggestion=rejected, actor=staff_user, reason="不属于建议范围")
    second = loop.to("replied", category="urban")  # G: unsatisfied, waits for its second round
    suggestion_evaluate(suggestion=second, actor=loop.deputy_user, rating="unsatisfied")


def test_totals(known_records, staff_user):
    total, rows = rates(staff_user)
    assert rows == []
    expected = {
        "received": 7,
        "registered": 5,
        "assigned": 4,
        "replied": 4,
        "completed": 2,
        "evaluated": 3,
        "satisfied": 1,
        "basically": 1,
    }
    assert {key: total[key] for key in expected} == expected
    assert total["completion_rate"] == pytest.approx(200 / 7)
    assert total["satisfied_rate"] == pytest.approx(100 / 3)
    assert total["satisfied_or_basically_rate"] == pytest.approx(200 / 3)


def test_per_category(known_records, staff_user):
    _total, rows = rates(staff_user, by="category")
    by_category = {row["category"]: row for row in rows}
    assert by_category["transport"]["received"] == 2
    assert by_category["transport"]["completion_rate"] == 100
    assert by_category["transport"]["satisfied_rate"] == 50
    assert by_category["education"]["replied"] == 1
    assert by_category["education"]["satisfied_rate"] is None
    assert by_category["urban"]["received"] == 4
    assert by_category["urban"]["evaluated"] == 1
    assert by_category["urban"]["satisfied_or_basically_rate"] == 0


def test_per_unit_and_deputy(known_records, loop, staff_user):
    _total, rows = rates(staff_user, by="unit")
    by_unit = {row["lead_unit"]: row for row in rows}
    assert by_unit[loop.unit.pk]["assigned"] == 4
    assert by_unit[None]["received"] == 3
    _total, rows = rates(staff_user, by="deputy")
    assert [(row["label"], row["received"]) for row in rows] == [(loop.deputy.name, 7)]


def test_the_period_is_the_day_received(known_records, staff_user):
    tomorrow = timezone.localdate() + timedelta(days=1)
    total, _rows = rates(staff_user, start=tomorrow)
    assert total["received"] == 0
    total, _rows = rates(staff_user, start=timezone.localdate(), end=timezone.localdate())
    assert total["received"] == 7


def test_rates_page_in_one_pass(known_records, committee_staff, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = committee_staff.get(reverse("suggestions:rates"), {"by": "category"})
    assert response.status_code == 200
