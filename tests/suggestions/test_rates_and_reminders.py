from datetime import timedelta

import pytest

from suggestions import clock, services
from suggestions.models import Assignment, SuggestionEvent
from suggestions.selectors import rates
from suggestions.tasks import remind_due_suggestions

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
    services.suggestion_reject(suggestion=rejected, actor=staff_user, reason="不属于建议范围")
    second = loop.to("replied", category="urban")  # G: unsatisfied, waits for its second round
    services.suggestion_evaluate(suggestion=second, actor=loop.deputy_user, rating="unsatisfied")


def test_totals(known_records):
    total, rows = rates()
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


def test_per_category(known_records):
    _total, rows = rates(by="category")
    by_category = {row["category"]: row for row in rows}
    assert by_category["transport"]["received"] == 2
    assert by_category["transport"]["completion_rate"] == 100
    assert by_category["transport"]["satisfied_rate"] == 50
    assert by_category["education"]["replied"] == 1
    assert by_category["education"]["satisfied_rate"] is None
    assert by_category["urban"]["received"] == 4
    assert by_category["urban"]["evaluated"] == 1
    assert by_category["urban"]["satisfied_or_basically_rate"] == 0


def test_per_unit_and_deputy(known_records, loop):
    _total, rows = rates(by="unit")
    by_unit = {row["lead_unit"]: row for row in rows}
    assert by_unit[loop.unit.pk]["assigned"] == 4
    assert by_unit[None]["received"] == 3
    _total, rows = rates(by="deputy")
    assert [(row["label"], row["received"]) for row in rows] == [(loop.deputy.name, 7)]


def test_the_period_is_the_day_received(known_records):
    tomorrow = clock.today() + timedelta(days=1)
    total, _rows = rates(start=tomorrow)
    assert total["received"] == 0
    total, _rows = rates(start=clock.today(), end=clock.today())
    assert total["received"] == 7


def test_rates_page_in_one_pass(known_records, committee_staff, django_assert_max_num_queries):
    from django.urls import reverse

    with django_assert_max_num_queries(6):
        response = committee_staff.get(reverse("suggestions:rates"), {"by": "category"})
    assert response.status_code == 200


def test_near_due_and_overdue_remind_unit_and_staff_once_a_day(loop, staff_user):
    from liaison.notifications.models import Notification

    overdue = loop.to("assigned")
    soon = loop.to("accepted")
    Assignment.objects.filter(suggestion=overdue).update(deadline=clock.today() - timedelta(days=2))
    Assignment.objects.filter(suggestion=soon).update(deadline=clock.today() + timedelta(days=3))
    loop.to("assigned")  # far from due: no reminder
    items = services.suggestions_due_scan()
    assert {(item.suggestion.pk, item.overdue) for item in items} == {(overdue.pk, True), (soon.pk, False)}

    assert remind_due_suggestions() == 2
    assert remind_due_suggestions() == 0  # a second run the same day reminds nobody twice
    kinds = set(Notification.objects.values_list("recipient__user__username", "kind"))
    assert kinds == {
        ("unit", "suggestion_overdue"),
        ("staff", "suggestion_overdue"),
        ("unit", "suggestion_due"),
    }
    assert overdue.events.filter(kind=SuggestionEvent.Kind.REMINDED).count() == 1


def test_the_scan_runs_daily_from_beat(settings):
    from liaison.celery import app

    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "suggestions.remind_due"
    ]
    assert len(entries) == 1
    app.loader.import_default_modules()
    assert "suggestions.remind_due" in app.tasks
