"""The outbox sending through real gateways against the providers' local imitations: batches at each
gateway's limit, each row's result recorded, the next channel planned when one fails for good."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.notifications import outbox
from liaison.notifications.kinds import KINDS, Kind
from liaison.notifications.models import Delivery, Recipient, ReminderRule
from liaison.notifications.services import notification_schedule

pytestmark = pytest.mark.django_db


def _recipient(n=1, **addresses):
    return Recipient.objects.create(name=f"代表{n}", mobile=f"+86138000{n:05d}", **addresses)


def _due(recipient, kind="activity_upcoming", **fields):
    return notification_schedule(
        recipient=recipient,
        kind=kind,
        subject=fields.pop("subject", "明天接待选民"),
        body=fields.pop("body", "上午九点，联络站"),
        due_at=timezone.now() - timedelta(seconds=1),
        **fields,
    )


def _run_all():
    return outbox.dispatch(outbox.deliver)


def test_rows_go_in_batches_of_the_gateways_limit(aliyun, settings):
    settings.REMINDER_BATCH_SIZE = 200
    for n in range(150):
        _due(_recipient(n), subject=f"提醒 {n}")
    assert _run_all() == 150
    assert aliyun.calls == ["SendBatchSms", "SendBatchSms"]  # 100, then 50
    rows = Delivery.objects.filter(channel=Delivery.Channel.SMS)
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.SENT}
    assert rows.filter(provider_id="").count() == 0
    assert len(aliyun.sent) == 150 and len({sent["params"]["subject"] for sent in aliyun.sent}) == 150
    assert _run_all() == 0 and len(aliyun.sent) == 150


def test_the_parameters_come_from_the_notification_within_the_limit(aliyun, settings, monkeypatch, station):
    settings.SMS_TEMPLATES = {"*": ("SMS_1", ["subject", "place", "link"])}
    monkeypatch.setitem(KINDS, "test_place", Kind("test", "", "", sms={"place": "{{ about.name }}站"}))
    _due(_recipient(), kind="test_place", subject="请" * 50, url="/activities/1/", about=station)
    _run_all()
    [sent] = aliyun.sent
    assert sent["params"]["subject"] == "请" * 34 + "…"  # cut to SMS_PARAM_MAX_LENGTH (35)
    assert sent["params"]["place"] == f"{station.name}站"
    assert sent["params"]["link"] == "http://127.0.0.1:8000/activities/1/"  # links are never cut


def test_an_invalid_number_fails_that_channel_and_the_next_is_planned(aliyun, wecom):
    ReminderRule.objects.update_or_create(kind="activity_upcoming", defaults={"channels": "sms,wecom"})
    recipient = _recipient(2, wecom_userid="chen")
    aliyun.invalid_numbers = {"13800000002"}
    notification = _due(recipient)
    _run_all()
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    assert sms.status == Delivery.Status.FAILED and sms.failure == Delivery.Failure.INVALID_ADDRESS
    assert "MOBILE_NUMBER_ILLEGAL" in sms.last_error
    fallback = notification.deliveries.get(channel=Delivery.Channel.WECOM)
    assert fallback.address == "chen" and fallback.status == Delivery.Status.PENDING
    _run_all()
    fallback.refresh_from_db()
    assert fallback.status == Delivery.Status.SENT and fallback.provider_id.startswith("msg-")
    assert [sent["phone"] for sent in wecom.sent] == ["chen"]
    recipient.refresh_from_db()
    assert recipient.unreachable_since is None


def test_no_channel_left_marks_the_recipient_unreachable(aliyun):
    recipient = _recipient(3)
    aliyun.invalid_numbers = {"13800000003"}
    _due(recipient)
    _run_all()
    recipient.refresh_from_db()
    assert recipient.unreachable_since is not None


def test_a_rate_limit_waits_and_is_sent_once_later(aliyun):
    notification = _due(_recipient())
    aliyun.rate_limited = True
    _run_all()
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    assert sms.status == Delivery.Status.PENDING and sms.attempts == 1 and sms.due_at > timezone.now()
    assert "BUSINESS_LIMIT_CONTROL" in sms.last_error
    assert _run_all() == 0  # not due yet
    aliyun.rate_limited = False
    Delivery.objects.filter(pk=sms.pk).update(due_at=timezone.now() - timedelta(seconds=1))
    _run_all()
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.SENT and sms.last_error == ""
    assert len(aliyun.sent) == 1


def test_wrong_credentials_fail_the_row_as_refused(aliyun, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "wrong"
    notification = _due(_recipient())
    _run_all()
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    assert sms.status == Delivery.Status.FAILED and sms.failure == Delivery.Failure.REFUSED


def test_no_answer_leaves_the_row_uncertain_and_it_is_not_resent(tencent, settings):
    settings.GATEWAY_READ_TIMEOUT_SECONDS = 0.3
    tencent.delay = 1.0
    notification = _due(_recipient())
    _run_all()
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    assert sms.status == Delivery.Status.UNCERTAIN and sms.failure == Delivery.Failure.INTERRUPTED
    tencent.delay = 0
    _run_all()
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.UNCERTAIN
    assert tencent.calls == ["SendSms"] and len(tencent.sent) == 1  # it had gone out, once
