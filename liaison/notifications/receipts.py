"""Delivery receipts: what the SMS providers learnt from the carriers about each message they took (REMINDERS.md,
"Delivery receipts"). Alibaba pushes them (SmsReport, HTTP batch push); Tencent pushes them (the status
callback) or hands them out when asked (PullSmsSendStatus, every minute by beat). Each receipt marks its row
delivered, or failed and then the next channel planned. A receipt is recorded once: the same one again, or
a late one for a row already answered, changes nothing."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone

from liaison.notifications.gateways.tencent import call
from liaison.notifications.models import Delivery
from liaison.notifications.services import delivery_fall_back

# PullSmsSendStatus hands out at most 100 at a time; a run takes at most this many rounds.
PULL_LIMIT = 100
PULL_ROUNDS = 50


@dataclass(frozen=True)
class Receipt:
    provider_id: str  # BizId (one per batch: the number tells the rows apart) or SerialNo
    address: str  # E.164
    delivered: bool
    code: str  # the carrier's code (DELIVRD, UNDELIV, MK:0001...)
    at: datetime | None = None


def _local_time(text):
    try:
        return timezone.make_aware(datetime.strptime(text, "%Y-%m-%d %H:%M:%S"))
    except (TypeError, ValueError):
        return None


def _truthy(value):
    return value is True or str(value).lower() == "true"


def aliyun_receipts(items):
    """SmsReport: [{"phone_number", "success", "biz_id", "err_code", "report_time", "out_id"...}]."""
    return [
        Receipt(
            provider_id=str(item["biz_id"]),
            address="+86" + str(item["phone_number"]).removeprefix("+86").removeprefix("86"),
            delivered=_truthy(item.get("success")),
            code=str(item.get("err_code") or ""),
            at=_local_time(item.get("report_time")),
        )
        for item in items
    ]


def tencent_receipts(items):
    """The status callback: [{"sid", "nationcode", "mobile", "report_status", "errmsg", "user_receive_time"}]."""
    return [
        Receipt(
            provider_id=str(item["sid"]),
            address=f"+{item.get('nationcode') or '86'}{item['mobile']}",
            delivered=item.get("report_status") == "SUCCESS",
            code=str(item.get("errmsg") or ""),
            at=_local_time(item.get("user_receive_time")),
        )
        for item in items
    ]


def tencent_pull():
    """Ask Tencent for the receipts it holds (each is handed out once). Returns how many were recorded."""
    if settings.SMS_BACKEND != "tencent":
        return 0
    recorded = 0
    for _round in range(PULL_ROUNDS):
        answer = call("PullSmsSendStatus", {"SmsSdkAppId": settings.TENCENT_SMS_APP_ID, "Limit": PULL_LIMIT})
        statuses = answer.PullSmsSendStatusSet or []
        recorded += receipts_record(
            Receipt(
                provider_id=status.SerialNo,
                address=status.PhoneNumber,
                delivered=status.ReportStatus == "SUCCESS",
                code=status.Description or status.ReportStatus,
                at=_local_time(status.UserReceiveTime),
            )
            for status in statuses
        )
        if len(statuses) < PULL_LIMIT:
            break
    return recorded


def receipts_record(receipts):
    """Write each receipt on its row (sent by SMS, no receipt yet). Returns how many rows changed."""
    changed = 0
    for receipt in receipts:
        rows = Delivery.objects.filter(
            channel=Delivery.Channel.SMS,
            provider_id=receipt.provider_id,
            address=receipt.address,
            status=Delivery.Status.SENT,
            receipt="",
        )
        if receipt.delivered:
            changed += rows.update(delivered_at=receipt.at or timezone.now(), receipt="delivered")
            continue
        for row in rows.select_related("notification__recipient"):
            code = receipt.code[:20] or "failed"
            if Delivery.objects.filter(pk=row.pk, status=Delivery.Status.SENT, receipt="").update(
                status=Delivery.Status.FAILED,
                receipt=code,
                failure=Delivery.Failure.INVALID_ADDRESS,
                last_error=f"not delivered: {receipt.code}",
            ):
                changed += 1
                delivery_fall_back(row)
    return changed
