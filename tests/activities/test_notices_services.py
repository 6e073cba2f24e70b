"""Notices to many deputies (liaison/activities/notices.py): whom each audience reaches, who may write to whom,
sending once, the SMS text, cancelling, reminding those who have not read it, and reading by the link."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.activities.models import Notice, NoticeCopy
from liaison.activities.notices import (
    FULL_TEXT_AT_THE_LINK,
    notice_cancel,
    notice_copy_read,
    notice_create,
    notice_remind,
    notice_send,
    notices_send_due,
)
from liaison.activities.recipients import deputies_without_channel
from liaison.activities.selectors import notice_audience, notices_visible_to
from liaison.activities.tasks import send_notice
from liaison.core.errors import ActionRefused
from liaison.notifications.models import Delivery, Notification, Recipient, ReminderRule
from liaison.notifications.selectors import inbox_of
from tests.activities.factories import sent_notice
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory, MandateFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db


def _names(notice):
    return sorted(notice_audience(notice).values_list("name", flat=True))


@pytest.fixture
def people(station, point, other_station, deputy_record, other_deputy_record):
    """Besides the fixture deputies (a county mandate each, at the point and at the other station): one at
    the station itself with a provincial mandate, one who left, one who moved away, one whose mandate
    ended."""
    here = DeputyFactory(name="王海")
    MandateFactory(deputy=here, level="provincial")
    StationingFactory(deputy=here, station=station)
    left = DeputyFactory(name="赵离", is_active=False)
    StationingFactory(deputy=left, station=station)
    moved = DeputyFactory(name="钱走")
    StationingFactory(deputy=moved, station=station, since=date(2020, 1, 1), until=date(2025, 1, 1))
    ended = DeputyFactory(name="孙满")
    MandateFactory(deputy=ended, level="provincial", term="第十二届", ended_on=date(2020, 1, 1))
    StationingFactory(deputy=ended, station=point)
    return {"here": here, "left": left, "moved": moved, "ended": ended}


def test_a_station_reaches_its_serving_deputies_and_those_of_its_points(people, station, point):
    assert _names(Notice(station=station)) == sorted(["王海", "陈建国", "孙满"])
    assert _names(Notice(station=point)) == sorted(["陈建国", "孙满"])


def test_no_station_reaches_every_serving_deputy(people):
    assert _names(Notice()) == sorted(["王海", "陈建国", "孙满", "钱走", "林小红"])


def test_a_group_reaches_its_members_within_the_station(people, station, deputy_record, other_deputy_record):
    group = DeputyGroupFactory()
    group.members.set([deputy_record, other_deputy_record, people["left"]])
    assert _names(Notice(audience=Notice.Audience.GROUP, group=group)) == sorted(["陈建国", "林小红"])
    assert _names(Notice(station=station, audience=Notice.Audience.GROUP, group=group)) == ["陈建国"]


def test_a_level_reaches_the_mandates_in_force(people):
    assert _names(Notice(audience=Notice.Audience.LEVEL, level="provincial")) == ["王海"]
    assert _names(Notice(audience=Notice.Audience.LEVEL, level="county")) == sorted(["陈建国", "林小红"])


def test_an_officer_writes_only_to_their_own_stations(
    officer_user, station, point, other_station, deputy_record
):
    notice_create(actor=officer_user, station=point, title="通知", body="正文")
    for elsewhere in (other_station, None):
        with pytest.raises(ActionRefused):
            notice_create(actor=officer_user, station=elsewhere, title="通知", body="正文")


def test_staff_write_to_the_whole_jurisdiction(staff_user, deputy_record, other_deputy_record):
    notice = sent_notice(author=staff_user, station=None)
    assert notice.copies.count() == 2


def test_an_empty_audience_is_refused(staff_user, station):
    with pytest.raises(ValidationError):
        notice_create(actor=staff_user, station=station, title="通知", body="正文")


def test_each_role_sees_the_notices_of_its_scope(
    officer_user, other_officer_user, staff_user, deputy_user, station, deputy_record
):
    notice = sent_notice(author=officer_user, station=station)
    staff_notice = sent_notice(author=staff_user, station=None)
    assert set(notices_visible_to(officer_user)) == {notice}
    assert not notices_visible_to(other_officer_user).exists()
    assert set(notices_visible_to(staff_user)) == {notice, staff_notice}
    assert not notices_visible_to(deputy_user).exists()


def test_sending_gives_each_deputy_a_copy_with_a_personal_link(officer_user, station, deputy_user, people):
    notice = sent_notice(author=officer_user, station=station, body="请于月底前提交建议。")
    assert notice.status == Notice.Status.SENT and notice.sent_at
    copies = list(notice.copies.select_related("notification__recipient", "deputy"))
    assert len(copies) == 3
    assert len({copy.token for copy in copies}) == 3
    for copy in copies:
        assert copy.notification.url == f"/n/{copy.token}/"
        assert copy.notification.about == notice
        assert copy.notification.subject == notice.title
        assert copy.notification.body == "请于月底前提交建议。"
        assert copy.notification.recipient.person == copy.deputy
    # A deputy without an account is reached by SMS all the same; the one with an account in the inbox too.
    mine = next(copy for copy in copies if copy.deputy.user_id == deputy_user.pk)
    assert set(mine.notification.deliveries.values_list("channel", flat=True)) == {"inbox", "sms"}
    theirs = next(copy for copy in copies if copy.deputy == people["here"])
    assert set(theirs.notification.deliveries.values_list("channel", flat=True)) == {"sms"}


def test_a_long_text_goes_by_sms_as_title_and_link(settings, officer_user, station, deputy_record):
    settings.SMS_PARAM_MAX_LENGTH = 20
    notice = sent_notice(author=officer_user, station=station, title="征集建议", body="字" * 21)
    notification = notice.copies.get().notification
    assert notification.subject == "征集建议"
    assert notification.body == str(FULL_TEXT_AT_THE_LINK)
    assert notification.url


def test_a_title_longer_than_an_sms_carries_is_refused(settings, officer_user, station, deputy_record):
    settings.SMS_PARAM_MAX_LENGTH = 10
    with pytest.raises(ValidationError) as refused:
        notice_create(actor=officer_user, station=station, title="字" * 11, body="正文")
    assert "title" in refused.value.message_dict
    assert not Notice.objects.exists()


def test_a_notice_is_sent_once(officer_user, station, deputy_record, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notice = notice_create(actor=officer_user, station=station, title="通知", body="正文")
    assert len(callbacks) == 1  # "send now" queues the task after the commit
    send_notice(notice.pk)
    send_notice(notice.pk)  # a task delivered twice
    assert notices_send_due() == 0
    with pytest.raises(ActionRefused):
        notice_send(notice=notice)
    assert NoticeCopy.objects.count() == 1
    assert Notification.objects.filter(kind="notice").count() == 1


def test_a_scheduled_notice_waits_for_its_time(officer_user, station, deputy_record, time_machine):
    later = timezone.now() + timedelta(hours=3)
    notice = notice_create(actor=officer_user, station=station, title="通知", body="正文", send_at=later)
    assert notices_send_due() == 0
    time_machine.move_to(later + timedelta(minutes=1))
    assert notices_send_due() == 1
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT


def test_a_notice_is_cancelled_while_not_sent(officer_user, station, deputy_record, time_machine):
    later = timezone.now() + timedelta(hours=3)
    notice = notice_create(actor=officer_user, station=station, title="通知", body="正文", send_at=later)
    notice_cancel(notice=notice)
    time_machine.move_to(later + timedelta(minutes=1))
    assert notices_send_due() == 0
    send_notice(notice.pk)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.CANCELLED and notice.cancelled_at
    assert not NoticeCopy.objects.exists() and not Notification.objects.exists()
    with pytest.raises(ActionRefused):
        notice_cancel(notice=notice)


def test_a_sent_notice_cannot_be_cancelled(officer_user, station, deputy_record):
    notice = sent_notice(author=officer_user, station=station)
    with pytest.raises(ActionRefused):
        notice_cancel(notice=notice)
    notice.refresh_from_db()
    assert notice.status == Notice.Status.SENT


def test_reading_counts_once_and_in_the_inbox_too(officer_user, station, deputy_user, deputy_record):
    notice = sent_notice(author=officer_user, station=station)
    copy = notice.copies.select_related("notification").get()
    Notification.objects.filter(pk=copy.notification_id).update(inbox_at=timezone.now())
    assert notice_copy_read(copy=copy) is True
    copy.refresh_from_db()
    first = copy.read_at
    assert first
    assert not inbox_of(deputy_user).filter(read_at__isnull=True).exists()
    assert notice_copy_read(copy=copy) is False
    copy.refresh_from_db()
    assert copy.read_at == first


def test_those_who_have_not_read_it_are_reminded_once_per_interval(
    settings, officer_user, station, point, deputy_record, time_machine
):
    settings.NOTICE_REMIND_INTERVAL_HOURS = 24
    reader = DeputyFactory(name="周读")
    StationingFactory(deputy=reader, station=point)
    notice = sent_notice(author=officer_user, station=station)
    notice_copy_read(copy=notice.copies.get(deputy=reader))
    with pytest.raises(ActionRefused):  # just sent: give them a day
        notice_remind(notice=notice)
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    assert notice_remind(notice=notice) == 1
    reminder = Notification.objects.get(kind="notice_unread")
    assert reminder.recipient.person == deputy_record
    assert reminder.url == notice.copies.get(deputy=deputy_record).get_absolute_url()
    with pytest.raises(ActionRefused):  # pressed again
        notice_remind(notice=notice)
    assert Notification.objects.filter(kind="notice_unread").count() == 1
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    assert notice_remind(notice=notice) == 1
    assert Notification.objects.filter(kind="notice_unread").count() == 2


def test_a_reminder_of_one_interval_is_planned_once(
    settings, officer_user, station, deputy_record, time_machine
):
    """Even past the guard (a request retried after its first run committed), the interval's keys hold."""
    notice = sent_notice(author=officer_user, station=station)
    time_machine.move_to(timezone.now() + timedelta(hours=25))
    notice_remind(notice=notice)
    Notice.objects.filter(pk=notice.pk).update(reminded_at=None)
    notice_remind(notice=notice)
    assert Notification.objects.filter(kind="notice_unread").count() == 1


def test_a_notice_not_sent_has_nobody_to_remind(officer_user, station, deputy_record):
    notice = notice_create(
        actor=officer_user,
        station=station,
        title="通知",
        body="正文",
        send_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ActionRefused):
        notice_remind(notice=notice)


def test_notices_switched_off_are_refused(officer_user, station, deputy_record):
    ReminderRule.objects.update_or_create(kind="notice", defaults={"enabled": False})
    with pytest.raises(ActionRefused):
        notice_create(actor=officer_user, station=station, title="通知", body="正文")


def test_deputies_without_channel_are_counted_without_writing(station, point, deputy_user, deputy_record):
    nothing = DeputyFactory(name="吴无", phone="")
    StationingFactory(deputy=nothing, station=point)
    landline = DeputyFactory(name="郑座", phone="+862788886666")
    StationingFactory(deputy=landline, station=point)
    switched_off = DeputyFactory(name="冯关")
    StationingFactory(deputy=switched_off, station=point)
    Recipient.objects.create(person=switched_off, name=switched_off.name, by_sms=False)
    by_mail = DeputyFactory(name="陈邮", phone="", email="chen@example.cn")
    StationingFactory(deputy=by_mail, station=point)
    before = Recipient.objects.count()
    assert deputies_without_channel(notice_audience(Notice(station=station))) == 3
    assert Recipient.objects.count() == before


def test_a_deputy_with_no_channel_is_shown_not_reached(officer_user, station, point, deputy_record):
    nothing = DeputyFactory(name="吴无", phone="")
    StationingFactory(deputy=nothing, station=point)
    notice = sent_notice(author=officer_user, station=station)
    copy = notice.copies.get(deputy=nothing)
    assert not copy.notification.deliveries.exists()
    assert not Delivery.objects.filter(notification__recipient__person_id=nothing.pk).exists()
