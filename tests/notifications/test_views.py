"""A person's inbox (the bell's count, reading) and their reminder preferences."""

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.notifications.models import Recipient
from liaison.notifications.outbox import deliver, dispatch
from liaison.notifications.services import notification_schedule

pytestmark = pytest.mark.django_db


def test_inbox_bell_count_and_reading(deputy, deputy_user):
    notification = notification_schedule(
        user=deputy_user,
        kind="test",
        subject="请确认出席",
        body="",
        due_at=timezone.now(),
        url="/activities/mine/",
    )
    dispatch(deliver)
    assert deputy.get(reverse("notifications:inbox_unread")).json() == {"unread": 1}
    assert "请确认出席" in deputy.get(reverse("notifications:inbox")).content.decode()
    response = deputy.post(reverse("notifications:inbox_open", args=[notification.pk]))
    assert response["Location"] == "/activities/mine/"
    assert deputy.get(reverse("notifications:inbox_unread")).json() == {"unread": 0}


def test_preferences_are_the_users_own(deputy, deputy_user):
    deputy.post(reverse("notifications:preferences"), {"by_email": "on", "daily_digest": "on"})
    preference = Recipient.objects.get(user=deputy_user)
    assert preference.by_email and not preference.by_sms and preference.daily_digest
