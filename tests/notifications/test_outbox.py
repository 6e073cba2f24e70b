"""The outbox engine in one process: claim, send once, retry with backoff, fail, digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from liaison.activities.recipients import deputy_recipients
from liaison.notifications import outbox
from liaison.notifications.kinds import KINDS
from liaison.notifications.models import Delivery, Notification, ReminderRule
from liaison.notifications.outbox import digests_build
from liaison.notifications.services import (
    delivery_retry,
    notification_cancel,
    notification_schedule,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reachable(deputy_user, deputy_record):
    """The deputy's recipient: the record's phone, the account's e-mail and inbox."""
    deputy_user.email = "chen@example.org"
    deputy_user.save()
    return deputy_recipients([deputy_record])[deputy_record.pk]


@pytest.fixture
def by_mail(db):
    """A kind sent by e-mail first (the default order puts SMS before e-mail)."""
    ReminderRule.objects.create(kind="by_mail", channels="email,sms")
    return "by_mail"


def _due(recipient, **extra):
    fields = {
        "recipient": recipient,
        "kind": "test",
        "subject": "明天接待选民",
        "body": "上午九点",
        "due_at": timezone.now() - timedelta(seconds=1),
        "url": "/activities/1/",
    }
    return notification_schedule(**{**fields, **extra})


def _run_all():
    return outbox.dispatch(outbox.deliver)


def test_due_rows_go_out_once_on_every_channel(reachable, by_mail, settings, caplog):
    notification = _due(reachable)
    mailed = _due(reachable, kind=by_mail)
    assert _run_all() == 4  # each message's inbox row and its first channel: SMS, e-mail
    assert set(notification.deliveries.values_list("channel", flat=True)) == {"inbox", "sms"}
    assert set(mailed.deliveries.values_list("channel", flat=True)) == {"inbox", "email"}
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}
    notification.refresh_from_db()
    assert notification.inbox_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["chen@example.org"]
    assert "http://127.0.0.1:8000/activities/1/" in mail.outbox[0].body
    assert "SMS" in caplog.text and "5678" in caplog.text  # the logging SMS backend (the log masks phones)
    assert _run_all() == 0
    assert len(mail.outbox) == 1


def test_future_rows_wait(reachable):
    _due(reachable, due_at=timezone.now() + timedelta(hours=1))
    assert _run_all() == 0


def test_a_second_delivery_of_the_same_task_sends_nothing(reachable, by_mail):
    _due(reachable, kind=by_mail)
    token, ids = outbox.claim_due()
    assert outbox.deliver(ids, token) == {"sent": 2}  # the inbox and the e-mail
    assert outbox.deliver(ids, token) == {"skipped": 2}
    assert all(outbox.deliver([pk], token) == {"skipped": 1} for pk in ids)
    assert len(mail.outbox) == 1


def test_two_claims_never_share_a_row(reachable):
    for _n in range(5):
        _due(reachable)
    first = outbox.claim_due(batch_size=6)[1]
    second = outbox.claim_due(batch_size=100)[1]
    assert len(first) == 6 and len(second) == 4  # five messages: an inbox and an SMS row each
    assert not set(first) & set(second)


def test_failures_retry_with_backoff_then_fail(reachable, settings, monkeypatch, tmp_path):
    settings.SMS_BACKEND = "file"
    monkeypatch.setenv("SMS_FILE_PATH", str(tmp_path / "sms.txt"))
    monkeypatch.setenv("SMS_FILE_FAIL", "1")
    settings.REMINDER_MAX_ATTEMPTS = 3
    notification = _due(reachable)
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    _run_all()
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.PENDING and sms.attempts == 1
    first_wait = sms.due_at - timezone.now()
    assert timedelta(seconds=50) < first_wait <= timedelta(seconds=60)
    for _attempt in range(2):
        Delivery.objects.filter(pk=sms.pk).update(due_at=timezone.now() - timedelta(seconds=1))
        _run_all()
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.FAILED and sms.attempts == 3
    assert "refuses" in sms.last_error
    delivery_retry(delivery=sms)
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.PENDING and sms.attempts == 0


def test_lost_tasks_are_given_back_and_interrupted_sends_flagged(reachable, by_mail, settings):
    notification = _due(reachable, kind=by_mail)
    _due(reachable)
    token, ids = outbox.claim_due()
    assert len(ids) == 4
    email = notification.deliveries.get(channel=Delivery.Channel.EMAIL)
    Delivery.objects.filter(pk=email.pk).update(status=Delivery.Status.SENDING)
    later = timezone.now() + timedelta(seconds=settings.REMINDER_SEND_LEASE_SECONDS + 1)
    assert outbox.release_stale(now=later) == (3, 1)
    email.refresh_from_db()
    assert email.status == Delivery.Status.UNCERTAIN and "interrupted" in email.last_error
    # The old task arrives late: its token is gone, so it sends nothing.
    assert outbox.deliver(ids, token) == {"skipped": 4}
    assert _run_all() == 3


def test_cancelled_before_sending_is_never_sent(reachable, by_mail):
    notification = _due(reachable, kind=by_mail, dedupe_key="k")
    token, ids = outbox.claim_due()
    notification_cancel(notification=notification)
    assert outbox.deliver(ids, token) == {"skipped": 2}
    assert not mail.outbox


def test_digest_gathers_external_channels(reachable, by_mail):
    reachable.daily_digest = True
    reachable.save()
    _due(reachable, subject="一")
    _due(reachable, kind=by_mail, subject="二")
    assert _run_all() == 2  # the two inbox rows only
    assert digests_build() == 1
    assert _run_all() == 2  # one e-mail, one SMS
    assert len(mail.outbox) == 1
    assert "一" in mail.outbox[0].body and "二" in mail.outbox[0].body
    assert Delivery.objects.filter(status=Delivery.Status.DIGESTED).count() == 2
    digest = Notification.objects.get(kind="digest")
    assert digest.read_at is not None  # the inbox already had each message


def test_every_reminder_kind_has_its_editable_rule_after_migrate(db):
    """Seeded by post_migrate (liaison/notifications/apps.py), so the rules page lists them without writing on a
    GET."""
    assert set(ReminderRule.objects.values_list("kind", flat=True)) == set(KINDS)
