"""Delivery receipts: the providers' pushes in their own formats (Alibaba's SmsReport, Tencent's status
callback) and Tencent's PullSmsSendStatus against its local imitation; each marks its row once."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.notifications import outbox
from liaison.notifications.models import Delivery, Recipient
from liaison.notifications.receipts import tencent_pull
from liaison.notifications.services import notification_schedule

pytestmark = pytest.mark.django_db
TOKEN = "receipts-secret-token"


@pytest.fixture(autouse=True)
def receipt_token(settings):
    settings.SMS_RECEIPT_TOKEN = TOKEN


def _sent_sms(email=""):
    """One SMS reminder sent through the outbox: its row, with the provider's message id."""
    recipient = Recipient.objects.create(name="陈建国", mobile="+8613812345678", email=email)
    notification = notification_schedule(
        recipient=recipient,
        kind="activity_upcoming",
        subject="明天接待选民",
        body="",
        due_at=timezone.now() - timedelta(seconds=1),
    )
    outbox.dispatch(outbox.deliver)
    sms = notification.deliveries.get(channel=Delivery.Channel.SMS)
    if email:  # only the SMS was planned first: the e-mail is the channel to fall back on
        notification.deliveries.filter(channel=Delivery.Channel.EMAIL).delete()
    assert sms.status == Delivery.Status.SENT and sms.provider_id
    return sms


def _push(provider, payload, token=TOKEN):
    url = reverse("notifications:receipts_push", kwargs={"provider": provider, "token": token})
    # The provider's servers have no session and no CSRF token.
    return Client(enforce_csrf_checks=True).post(url, json.dumps(payload), content_type="application/json")


def _aliyun_report(sms, success=True, code="DELIVERED"):
    return [
        {
            "phone_number": "13812345678",
            "send_time": "2026-06-01 09:00:00",
            "report_time": "2026-06-01 09:00:05",
            "success": success,
            "err_code": code,
            "err_msg": "用户接收成功" if success else "失败",
            "sms_size": "1",
            "biz_id": sms.provider_id,
            "out_id": str(sms.pk),
        }
    ]


def test_alibabas_report_marks_the_row_delivered_once(aliyun):
    sms = _sent_sms()
    response = _push("aliyun", _aliyun_report(sms))
    assert response.status_code == 200 and response.json() == {"code": 0, "msg": "成功"}
    sms.refresh_from_db()
    assert sms.receipt == "delivered"
    assert timezone.localtime(sms.delivered_at).strftime("%H:%M:%S") == "09:00:05"
    first = sms.delivered_at
    assert _push("aliyun", _aliyun_report(sms, success=False, code="MK:0001")).status_code == 200
    sms.refresh_from_db()
    assert sms.delivered_at == first and sms.status == Delivery.Status.SENT  # the first receipt stands


def test_a_failed_receipt_fails_the_row_and_falls_back(aliyun):
    sms = _sent_sms(email="chen@example.org")
    _push("aliyun", _aliyun_report(sms, success=False, code="MK:0001"))
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.FAILED and sms.receipt == "MK:0001"
    assert sms.failure == Delivery.Failure.INVALID_ADDRESS
    email = sms.notification.deliveries.get(channel=Delivery.Channel.EMAIL)
    assert email.status == Delivery.Status.PENDING and email.address == "chen@example.org"


def test_tencents_callback_marks_the_row(tencent):
    sms = _sent_sms()
    callback = [
        {
            "user_receive_time": "2026-06-01 09:00:05",
            "nationcode": "86",
            "mobile": "13812345678",
            "report_status": "SUCCESS",
            "errmsg": "DELIVRD",
            "description": "用户短信送达成功",
            "sid": sms.provider_id,
        }
    ]
    response = _push("tencent", callback)
    assert response.json() == {"result": 0, "errmsg": "OK"}
    sms.refresh_from_db()
    assert sms.receipt == "delivered" and sms.delivered_at is not None


def test_tencents_receipts_are_pulled(tencent):
    sms = _sent_sms()
    tencent.receipts = [
        {
            "UserReceiveTime": "2026-06-01 09:00:05",
            "CountryCode": "86",
            "SubscriberNumber": "13812345678",
            "PhoneNumber": "+8613812345678",
            "SerialNo": sms.provider_id,
            "ReportStatus": "FAIL",
            "Description": "UNDELIV",
            "SessionContext": "",
        }
    ]
    assert tencent_pull() == 1
    assert tencent.calls[-1] == "PullSmsSendStatus"
    sms.refresh_from_db()
    assert sms.status == Delivery.Status.FAILED and sms.receipt == "UNDELIV"
    assert tencent_pull() == 0


def test_a_wrong_or_unset_token_is_not_found(aliyun, settings):
    sms = _sent_sms()
    assert _push("aliyun", _aliyun_report(sms), token="guess").status_code == 404
    settings.SMS_RECEIPT_TOKEN = ""
    assert _push("aliyun", _aliyun_report(sms)).status_code == 404  # receipts off until a token is set
    assert _push("elsewhere", _aliyun_report(sms)).status_code == 404
    sms.refresh_from_db()
    assert sms.receipt == ""


def test_a_malformed_push_is_refused(aliyun):
    assert _push("aliyun", [{"no": "fields"}]).status_code == 400
    assert _push("tencent", "not a list of receipts").status_code == 400
