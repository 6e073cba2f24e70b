"""The outbox's public API that other apps call (liaison.notifications.services: notification_schedule)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.activities.recipients import deputy_recipients
from liaison.notifications.models import Delivery, Notification, Recipient, ReminderRule
from liaison.notifications.services import notification_cancel, notification_schedule

pytestmark = pytest.mark.django_db


def _schedule(to, **extra):
    """`to` is an account or a recipient."""
    fields = {
        "recipient" if isinstance(to, Recipient) else "user": to,
        "kind": "suggestion_overdue",
        "subject": "建议即将超期",
        "body": "请尽快答复。",
        "due_at": timezone.now() + timedelta(days=1),
        "url": "/suggestions/1/",
    }
    return notification_schedule(**{**fields, **extra})


@pytest.fixture
def deputy_recipient(deputy_user, deputy_record):
    deputy_user.email = "chen@example.org"
    deputy_user.save()
    return deputy_recipients([deputy_record])[deputy_record.pk]


def test_schedule_plans_one_delivery_per_chosen_channel(deputy_recipient):
    notification = _schedule(deputy_recipient)
    channels = dict(notification.deliveries.values_list("channel", "address"))
    # The inbox, and the first usable channel of the default order (WeChat Work, SMS, e-mail): SMS to
    # the deputy record's phone. E-mail is planned only if the SMS fails for good.
    assert channels == {Delivery.Channel.INBOX: "", Delivery.Channel.SMS: "+8613812345678"}
    assert set(notification.deliveries.values_list("status", flat=True)) == {Delivery.Status.PENDING}


def test_preferences_choose_channels_and_digest(deputy_recipient):
    deputy_recipient.by_email, deputy_recipient.by_sms, deputy_recipient.daily_digest = True, False, True
    deputy_recipient.save()
    notification = _schedule(deputy_recipient)
    deliveries = {d.channel: d for d in notification.deliveries.all()}
    assert set(deliveries) == {Delivery.Channel.INBOX, Delivery.Channel.EMAIL}
    assert deliveries[Delivery.Channel.EMAIL].in_digest
    assert not deliveries[Delivery.Channel.INBOX].in_digest


def test_same_dedupe_key_replans_instead_of_duplicating(officer_user):
    first = _schedule(officer_user, dedupe_key="suggestions:overdue:1")
    later = timezone.now() + timedelta(days=3)
    second = _schedule(officer_user, dedupe_key="suggestions:overdue:1", due_at=later, subject="新标题")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    second.refresh_from_db()
    assert second.subject == "新标题"
    assert second.deliveries.get().due_at == later


def test_a_sent_message_is_not_replanned(officer_user):
    first = _schedule(officer_user, dedupe_key="k")
    first.deliveries.update(status=Delivery.Status.SENT)
    again = _schedule(officer_user, dedupe_key="k", subject="changed")
    again.refresh_from_db()
    assert again.subject == "建议即将超期"


def test_kind_switched_off_plans_nothing(officer_user):
    ReminderRule.objects.update_or_create(kind="suggestion_overdue", defaults={"enabled": False})
    assert _schedule(officer_user) is None
    assert not Notification.objects.exists()


def test_cancel_withdraws_pending(officer_user):
    notification = _schedule(officer_user, dedupe_key="x")
    assert notification_cancel(dedupe_key="x")
    assert notification.deliveries.get().status == Delivery.Status.CANCELLED
    assert not notification_cancel(dedupe_key="missing")
