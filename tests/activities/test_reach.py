"""Every invited deputy hears of an activity, account or not (issue 14): invitations, reminders, changes,
cancellation; the congress session; the officers' list of deputies to phone; a deputy's
reminder settings set by an officer; a reminder that may have been sent, resent only once checked."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity, CongressSession, Invitation
from liaison.activities.recipients import deputy_recipients
from liaison.activities.services import (
    activity_cancel,
    activity_create,
    activity_publish,
    activity_update,
    congress_session_save,
    invitation_reply,
)
from liaison.models import Stationing
from liaison.notifications.models import Delivery, Notification, Recipient
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_account(point):
    """A deputy of the officer's point with a mobile and no login."""
    deputy = DeputyFactory(name="吴强", phone="+8613811112222")
    Stationing.objects.create(deputy=deputy, station=point, since=timezone.localdate())
    return deputy


@pytest.fixture
def nothing_on_record(point):
    deputy = DeputyFactory(name="郑红", phone="")
    Stationing.objects.create(deputy=deputy, station=point, since=timezone.localdate())
    return deputy


@pytest.fixture
def training(officer_user, station, deputy_record, deputy_user, no_account, nothing_on_record):
    start = timezone.now() + timedelta(days=10)
    return activity_create(
        actor=officer_user,
        deputies=[deputy_record, no_account, nothing_on_record],
        kind=Activity.Kind.TRAINING,
        title="代表履职培训",
        station=station,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="联络站议事厅",
    )


def _kinds_for(deputy):
    return sorted(Notification.objects.filter(recipient__person_id=deputy.pk).values_list("kind", flat=True))


def test_publishing_tells_every_invited_deputy_account_or_not(training, officer_user, no_account):
    activity_publish(activity=training, actor=officer_user)
    assert _kinds_for(no_account) == ["activity_invitation", "activity_upcoming", "activity_upcoming"]
    invitation = Notification.objects.get(kind="activity_invitation", recipient__person_id=no_account.pk)
    assert dict(invitation.deliveries.values_list("channel", "address")) == {"sms": "+8613811112222"}
    assert invitation.happens_at == training.starts_at


def test_a_deputy_with_nothing_on_record_is_listed_for_the_officer_to_phone(
    training, officer_user, officer, other_officer, nothing_on_record
):
    activity_publish(activity=training, actor=officer_user)
    assert not Delivery.objects.filter(notification__recipient__person_id=nothing_on_record.pk).exists()
    page = officer.get(reverse("activities:unreachable")).content.decode()
    assert "郑红" in page and "未登记手机号、电子邮箱或企业微信账号。" in page
    assert "吴强" not in page
    assert "郑红" not in other_officer.get(reverse("activities:unreachable")).content.decode()
    officer.post(reverse("activities:deputy_reached", args=[nothing_on_record.pk]))
    assert "所有代表都已联系上。" in officer.get(reverse("activities:unreachable")).content.decode()


def test_a_new_time_tells_them_again_and_a_leave_stops_the_reminders(training, officer_user, no_account):
    activity_publish(activity=training, actor=officer_user)
    later = training.starts_at + timedelta(days=1)
    activity_update(
        activity=training, actor=officer_user, starts_at=later, ends_at=later + timedelta(hours=2)
    )
    assert "activity_changed" in _kinds_for(no_account)
    invitation = Invitation.objects.get(activity=training, deputy=no_account)
    invitation_reply(invitation=invitation, actor=officer_user, reply=Invitation.Reply.LEAVE, reason="出差")
    upcoming = Delivery.objects.filter(
        notification__kind="activity_upcoming", notification__recipient__person_id=no_account.pk
    )
    assert set(upcoming.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}


def test_a_deputy_taken_off_the_list_loses_the_reminders_not_yet_sent(
    training, officer_user, deputy_record, no_account
):
    activity_publish(activity=training, actor=officer_user)
    activity_update(activity=training, actor=officer_user, deputies=[deputy_record])
    rows = Delivery.objects.filter(
        notification__kind="activity_upcoming", notification__recipient__person_id=no_account.pk
    )
    assert set(rows.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}


def test_a_cancelled_activity_tells_everyone_invited(training, officer_user, no_account):
    activity_publish(activity=training, actor=officer_user)
    activity_cancel(activity=training, actor=officer_user, reason="场地维修")
    off = Notification.objects.get(kind="activity_cancelled", recipient__person_id=no_account.pk)
    assert off.deliveries.get().channel == Delivery.Channel.SMS
    waiting = Delivery.objects.filter(notification__kind="activity_upcoming", status=Delivery.Status.PENDING)
    assert not waiting.exists()


def test_every_serving_deputy_is_reminded_of_the_session(no_account, nothing_on_record, deputy_user):
    congress_session_save(
        session=CongressSession(name="第六次会议", starts_on=timezone.localdate() + timedelta(days=45))
    )
    reminded = set(
        Notification.objects.filter(kind="session_prepare").values_list("recipient__name", flat=True)
    )
    assert {"吴强", "郑红", "陈建国"} <= reminded


def test_an_officer_sets_how_a_deputy_is_reminded(officer, other_officer, no_account):
    url = reverse("activities:deputy_reminders", args=[no_account.pk])
    assert officer.get(url).status_code == 200
    assert not Recipient.objects.exists()  # the page writes nothing until it is saved
    officer.post(url, {"by_wecom": "on", "by_email": "on", "quiet_hours": "on", "daily_digest": "on"})
    recipient = deputy_recipients([no_account])[no_account.pk]
    assert not recipient.by_sms and recipient.daily_digest and recipient.quiet_hours
    assert other_officer.post(url, {"by_sms": "on"}).status_code == 404


def test_a_deputy_sets_their_own_channels(deputy, deputy_user, deputy_record):
    deputy.post(reverse("notifications:preferences"), {"by_sms": "on", "quiet_hours": ""})
    recipient = deputy_recipients([deputy_record])[deputy_record.pk]
    assert recipient.user == deputy_user
    assert (
        recipient.by_sms and not recipient.by_wecom and not recipient.by_email and not recipient.quiet_hours
    )


def test_a_reminder_that_may_have_been_sent_is_shown_so_and_resent_only_once_checked(
    training, officer_user, officer, no_account
):
    activity_publish(activity=training, actor=officer_user)
    sms = Delivery.objects.filter(notification__recipient__person_id=no_account.pk).first()
    Delivery.objects.filter(pk=sms.pk).update(status=Delivery.Status.UNCERTAIN)
    listed = officer.get(reverse("activities:reminders"), {"status": "uncertain"}).content.decode()
    assert "可能已发送" in listed and reverse("activities:reminder_resend", args=[sms.pk]) in listed
    assert "可能已发送" in officer.get(training.get_absolute_url()).content.decode()
    officer.post(reverse("activities:reminder_retry", args=[sms.pk]))
    assert Delivery.objects.get(pk=sms.pk).status == Delivery.Status.UNCERTAIN
    warning = officer.get(reverse("activities:reminder_resend", args=[sms.pk])).content.decode()
    assert "这条提醒可能已经发出" in warning
    officer.post(reverse("activities:reminder_resend", args=[sms.pk]), {})
    assert Delivery.objects.get(pk=sms.pk).status == Delivery.Status.UNCERTAIN
    officer.post(reverse("activities:reminder_resend", args=[sms.pk]), {"checked": "on"})
    assert Delivery.objects.get(pk=sms.pk).status == Delivery.Status.PENDING


def test_staff_set_a_kinds_channels(committee_staff):
    from liaison.notifications.models import ReminderRule

    rule = ReminderRule.objects.get(kind="activity_upcoming")
    url = reverse("activities:rule_edit", args=[rule.pk])
    bad = committee_staff.post(url, {"enabled": "on", "channels": "sms,fax"})
    assert bad.status_code == 200
    committee_staff.post(url, {"enabled": "on", "channels": "sms， email,sms"})
    rule.refresh_from_db()
    assert rule.channels == "sms,email" and rule.channel_order == ["sms", "email"]
