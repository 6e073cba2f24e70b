"""督 Supervise (suggestions/services/supervision.py): the daily reminders of near-due and overdue work."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.celery import app
from liaison.notifications.models import Notification
from suggestions.models import Assignment, SuggestionEvent
from suggestions.services.supervision import suggestions_due_scan
from suggestions.tasks import remind_due_suggestions

pytestmark = pytest.mark.django_db


def test_near_due_and_overdue_remind_unit_and_staff_once_a_day(loop, staff_user):
    overdue = loop.to("assigned")
    soon = loop.to("accepted")
    Assignment.objects.filter(suggestion=overdue).update(deadline=timezone.localdate() - timedelta(days=2))
    Assignment.objects.filter(suggestion=soon).update(deadline=timezone.localdate() + timedelta(days=3))
    loop.to("assigned")  # far from due: no reminder
    items = suggestions_due_scan()
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
    entries = [
        entry for entry in settings.CELERY_BEAT_SCHEDULE.values() if entry["task"] == "suggestions.remind_due"
    ]
    assert len(entries) == 1
    app.loader.import_default_modules()
    assert "suggestions.remind_due" in app.tasks
