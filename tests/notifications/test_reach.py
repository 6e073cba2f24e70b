"""Recipients and their channels (issue 14): the rule's order, fallback when a row fails for good, the
recipient no channel reaches, quiet hours, and a reminder that may have been sent."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.utils import timezone

from liaison.activities.recipients import deputy_recipients
from liaison.core.errors import ActionRefused
from liaison.models import User
from liaison.notifications.models import Delivery, Notification, Recipient, ReminderRule
from liaison.notifications.selectors import reach_problem, recipients_unreachable
from liaison.notifications.services import (
    delivery_fall_back,
    delivery_retry,
    notification_schedule,
    recipient_of_user,
    sms_time,
)
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db


def _recipient(**addresses):
    deputy = DeputyFactory(**{"phone": "", **addresses})
    return deputy_recipients([deputy])[deputy.pk]


def _schedule(recipient, **extra):
    fields = {"kind": "test", "subject": "明天接待选民", "body": "", "due_at": timezone.now()}
    return notification_schedule(recipient=recipient, **{**fields, **extra})


def _channels(notification):
    return dict(notification.deliveries.values_list("channel", "address"))


def _fail(delivery, failure=Delivery.Failure.INVALID_ADDRESS):
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, failure=failure)
    return delivery_fall_back(delivery)


def test_a_deputy_without_an_account_gets_the_first_channel_of_the_order():
    recipient = _recipient(phone="+8613811112222", email="wu@example.org", wecom_userid="wuqiang")
    assert recipient.user is None
    notification = _schedule(recipient)
    assert _channels(notification) == {Delivery.Channel.WECOM: "wuqiang"}  # no account: no inbox
    ReminderRule.objects.create(kind="by_sms", channels="sms,email")
    assert _channels(_schedule(recipient, kind="by_sms")) == {Delivery.Channel.SMS: "+8613811112222"}


def test_a_failed_row_falls_back_along_the_order_then_marks_the_recipient_unreachable():
    recipient = _recipient(phone="+8613811112222", email="wu@example.org", wecom_userid="wuqiang")
    notification = _schedule(recipient)
    wecom = notification.deliveries.get()
    sms = _fail(wecom)
    assert (sms.channel, sms.address, sms.status) == (Delivery.Channel.SMS, "+8613811112222", "pending")
    assert sms.due_at <= timezone.now()
    email = _fail(sms, Delivery.Failure.EXHAUSTED)
    assert (email.channel, email.address) == (Delivery.Channel.EMAIL, "wu@example.org")
    assert _fail(email) is None
    recipient.refresh_from_db()
    assert recipient.unreachable_since is not None
    assert notification.deliveries.count() == 3  # each channel tried once, none twice


def test_fallback_skips_channels_switched_off_or_missing():
    recipient = _recipient(wecom_userid="wuqiang", email="wu@example.org")
    recipient.by_email = False
    recipient.save()
    wecom = _schedule(recipient).deliveries.get()
    assert _fail(wecom) is None
    assert Recipient.objects.get(pk=recipient.pk).unreachable_since is not None


def test_no_fallback_for_a_withdrawn_message_nor_for_the_inbox(deputy_user, deputy_record):
    recipient = deputy_recipients([deputy_record])[deputy_record.pk]
    notification = _schedule(recipient, dedupe_key="k")
    inbox = notification.deliveries.get(channel=Delivery.Channel.INBOX)
    assert delivery_fall_back(inbox) is None
    Notification.objects.filter(pk=notification.pk).update(cancelled_at=timezone.now())
    assert _fail(notification.deliveries.get(channel=Delivery.Channel.SMS)) is None
    assert not notification.deliveries.filter(channel=Delivery.Channel.EMAIL).exists()


def test_a_recipient_with_no_channel_is_unreachable_at_once_with_the_reason():
    nothing = _recipient()
    notification = _schedule(nothing)
    assert not notification.deliveries.exists()
    row = recipients_unreachable().get(pk=nothing.pk)
    assert reach_problem(row) == "未登记手机号、电子邮箱或企业微信账号。"
    switched_off = _recipient(phone="+8613811112222")
    switched_off.by_sms = False
    switched_off.save()
    _schedule(switched_off)
    assert (
        reach_problem(recipients_unreachable().get(pk=switched_off.pk)) == "登记的渠道都已在提醒设置中关闭。"
    )


def test_the_reason_names_the_failed_channel_and_a_sent_message_takes_the_person_off_the_list():
    recipient = _recipient(phone="+8613811112222")
    sms = _schedule(recipient).deliveries.get()
    _fail(sms)
    assert (
        reach_problem(recipients_unreachable().get(pk=recipient.pk))
        == "短信（138****2222）发送失败：地址无效。"
    )
    later = _schedule(recipient, subject="又一条").deliveries.get()
    Delivery.objects.filter(pk=later.pk).update(status=Delivery.Status.SENT, sent_at=timezone.now())
    assert not recipients_unreachable().filter(pk=recipient.pk).exists()
    _fail(_schedule(recipient, subject="第三条").deliveries.get())
    assert recipients_unreachable().filter(pk=recipient.pk).exists()  # unreachable again


def test_a_corrected_address_takes_the_person_off_the_list():
    deputy = DeputyFactory(phone="")
    recipient = deputy_recipients([deputy])[deputy.pk]
    _schedule(recipient)
    deputy.phone = "+8613811112222"
    deputy.save()
    recipient = deputy_recipients([deputy])[deputy.pk]
    assert recipient.unreachable_since is None and recipient.mobile == "+8613811112222"


def test_a_landline_on_record_is_no_sms_address():
    recipient = _recipient(phone="+862788886666")
    assert recipient.mobile == ""


@pytest.fixture
def quiet(settings):
    settings.REMINDER_QUIET_START, settings.REMINDER_QUIET_END = 21, 8


def _local(day_offset, hour, minute=0):
    day = timezone.localdate() + timedelta(days=day_offset)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_quiet_hours_hold_an_sms_until_eight_unless_the_activity_is_sooner(quiet):
    recipient = Recipient(quiet_hours=True)
    assert sms_time(recipient, _local(0, 22)) == _local(1, 8)
    assert sms_time(recipient, _local(1, 6)) == _local(1, 8)
    assert sms_time(recipient, _local(0, 22), happens_at=_local(3, 9)) == _local(1, 8)
    assert sms_time(recipient, _local(0, 22), happens_at=_local(1, 7)) == _local(0, 22)
    assert sms_time(recipient, _local(0, 9)) == _local(0, 9)
    assert sms_time(Recipient(quiet_hours=False), _local(0, 22)) == _local(0, 22)


def test_quiet_hours_apply_when_planning_and_when_falling_back_to_sms(quiet):
    recipient = _recipient(phone="+8613811112222", wecom_userid="wuqiang")
    ReminderRule.objects.create(kind="by_sms", channels="sms")
    at_night = _local(0, 22, 30)
    planned = _schedule(recipient, kind="by_sms", due_at=at_night, happens_at=_local(5, 9))
    assert planned.deliveries.get().due_at == _local(1, 8)
    wecom = _schedule(recipient, due_at=at_night, happens_at=_local(1, 7)).deliveries.get()
    assert wecom.due_at == at_night  # WeChat Work is not held back
    # The WeChat message fails at night; the activity comes before 08:00, so the SMS goes at once.
    with time_machine.travel(at_night + timedelta(minutes=5), tick=False):
        assert _fail(wecom).due_at == timezone.now()


def test_replanning_takes_the_addresses_of_now():
    deputy = DeputyFactory(phone="")
    recipient = deputy_recipients([deputy])[deputy.pk]
    notification = _schedule(recipient, dedupe_key="again", due_at=timezone.now() + timedelta(days=2))
    assert not notification.deliveries.exists()
    deputy.wecom_userid = "wuqiang"
    deputy.save()
    recipient = deputy_recipients([deputy])[deputy.pk]
    _schedule(recipient, dedupe_key="again", due_at=timezone.now() + timedelta(days=1))
    assert _channels(notification) == {Delivery.Channel.WECOM: "wuqiang"}


def test_the_account_recipient_made_first_becomes_the_deputys_with_its_messages_and_choices(
    deputy_user, deputy_record
):
    early = recipient_of_user(deputy_user)
    early.by_sms = False
    early.save()
    message = notification_schedule(
        user=deputy_user, kind="test", subject="早先的消息", body="", due_at=timezone.now()
    )
    recipient = deputy_recipients([deputy_record])[deputy_record.pk]
    assert recipient.pk == early.pk and recipient.person == deputy_record
    assert not recipient.by_sms and recipient.mobile == "+8613812345678"
    assert Notification.objects.get(pk=message.pk).recipient == recipient


def test_an_account_linked_later_joins_the_deputys_recipient(deputy_record):
    deputy_record.user = None
    deputy_record.save()
    person = deputy_recipients([deputy_record])[deputy_record.pk]
    user = User.objects.create(username="late", role=User.Role.DEPUTY)
    early = recipient_of_user(user)
    early.daily_digest = True
    early.save()
    message = notification_schedule(
        user=user, kind="test", subject="账号的消息", body="", due_at=timezone.now()
    )
    deputy_record.user = user
    deputy_record.save()
    recipient = deputy_recipients([deputy_record])[deputy_record.pk]
    assert recipient.pk == person.pk and recipient.user == user
    assert recipient.daily_digest  # the person's own choice, made through the account
    assert not Recipient.objects.filter(pk=early.pk).exists()
    assert Notification.objects.get(pk=message.pk).recipient == recipient


def test_a_row_that_may_have_been_sent_goes_again_only_once_confirmed():
    recipient = _recipient(phone="+8613811112222")
    sms = _schedule(recipient).deliveries.get()
    Delivery.objects.filter(pk=sms.pk).update(status=Delivery.Status.UNCERTAIN)
    sms.refresh_from_db()
    with pytest.raises(ActionRefused):
        delivery_retry(delivery=sms)
    assert Delivery.objects.get(pk=sms.pk).status == Delivery.Status.UNCERTAIN
    assert delivery_retry(delivery=sms, uncertain_confirmed=True) == 1
    assert Delivery.objects.get(pk=sms.pk).status == Delivery.Status.PENDING
