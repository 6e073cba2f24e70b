"""Reception plans, activities, replies, attendance, visits and appointments: each move and its reminders."""

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.activities.models import (
    Activity,
    ActivityEvent,
    Appointment,
    CongressSession,
    Invitation,
    ReceptionPlan,
    Visit,
)
from liaison.activities.reminders import followups_plan
from liaison.activities.services import (
    activity_cancel,
    activity_publish,
    activity_update,
    appointment_close,
    appointment_propose,
    appointment_request,
    attendance_record,
    congress_session_save,
    invitation_reply,
    plan_dates,
    plan_generate,
    rotation,
    summary_record,
    visit_log,
)
from liaison.models import Holiday
from liaison.notifications.models import Delivery, Notification, ReminderRule
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db


def _plan(station, officer, **fields):
    values = {
        "station": station,
        "year": 2027,
        "rule": ReceptionPlan.Rule.MONTH_DAY,
        "month_day": 15,
        "start_time": time(9),
        "end_time": time(11, 30),
        "place": "接待室",
        "deputies_per_day": 1,
        "created_by": officer,
    }
    return ReceptionPlan.objects.create(**{**values, **fields})


def test_plan_rules_give_the_years_days(station, officer_user):
    monthly = plan_dates(_plan(station, officer_user, month_day=31))
    assert len(monthly) == 12 and monthly[1] == date(2027, 2, 28)  # a short month takes its last day
    twice = plan_dates(
        _plan(station, officer_user, rule=ReceptionPlan.Rule.TWICE_MONTHLY, month_day=1, second_month_day=16)
    )
    assert len(twice) == 24
    saturdays = plan_dates(
        _plan(
            station, officer_user, rule=ReceptionPlan.Rule.NTH_WEEKDAY, weekday=5, nths="2,4", month_day=None
        )
    )
    assert len(saturdays) == 24
    assert all(day.weekday() == 5 and 8 <= day.day <= 28 for day in saturdays)
    last = plan_dates(_plan(station, officer_user, rule=ReceptionPlan.Rule.NTH_WEEKDAY, weekday=3, nths="-1"))
    assert all((day + timedelta(days=7)).month != day.month for day in last)


@pytest.mark.parametrize(
    ("rule", "deputy_count"), [("month_day", 25), ("twice_monthly", 31), ("nth_weekday", 7)]
)
def test_rotation_over_a_whole_year(station, officer_user, rule, deputy_count):
    """Seed 004: every deputy receives voters at least once in any two consecutive months; the load is even."""
    plan = _plan(station, officer_user, rule=rule, month_day=15, second_month_day=28, weekday=5, nths="1,3")
    days = plan_dates(plan)
    deputies = list(range(deputy_count))
    crew = rotation(deputies, days, per_day=1)
    for month in range(1, 12):
        window = {
            deputy
            for day, names in zip(days, crew, strict=True)
            if day.month in (month, month + 1)
            for deputy in names
        }
        assert window == set(deputies), f"someone missing in months {month}-{month + 1}"
    load = Counter(deputy for names in crew for deputy in names)
    assert set(load) == set(deputies)
    assert max(load.values()) - min(load.values()) <= 1
    assert all(len(set(names)) == len(names) for names in crew)


def test_generate_creates_the_days_with_the_rotation_and_flags_holidays(station, officer_user):
    for number in range(6):
        StationingFactory(deputy=DeputyFactory(name=f"代表{number}"), station=station)
    Holiday.objects.create(date=date(2027, 10, 15), name="国庆节")
    plan = _plan(station, officer_user)
    created = plan_generate(plan=plan, actor=officer_user)
    assert len(created) == 12
    assert all(
        activity.kind == Activity.Kind.RECEPTION and activity.status == Activity.Status.PLANNED
        for activity in created
    )
    assert timezone.localtime(created[0].starts_at) == timezone.make_aware(datetime(2027, 1, 15, 9))
    assert Invitation.objects.filter(activity__plan=plan).values("deputy").distinct().count() == 6
    # Saturday 15 May and Sunday 15 August are rest days too (liaison/workdays.py).
    flagged = [(timezone.localdate(a.starts_at), a.holiday_note) for a in created if a.holiday_note]
    assert flagged == [
        (date(2027, 5, 15), "周末休息日"),
        (date(2027, 8, 15), "周末休息日"),
        (date(2027, 10, 15), "国庆节"),
    ]
    with pytest.raises(ValidationError):
        plan_generate(plan=plan, actor=officer_user)


def test_publish_plans_invitation_and_reminders(activity, officer_user, deputy_user):
    activity_publish(activity=activity, actor=officer_user)
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PUBLISHED
    kinds = Counter(Notification.objects.filter(recipient__user=deputy_user).values_list("kind", flat=True))
    assert kinds == {"activity_invitation": 1, "activity_upcoming": 2}
    dues = sorted(Notification.objects.filter(kind="activity_upcoming").values_list("due_at", flat=True))
    assert dues == [activity.starts_at - timedelta(days=7), activity.starts_at - timedelta(days=1)]
    assert activity.events.filter(kind=ActivityEvent.Kind.PUBLISHED).exists()
    with pytest.raises(ValidationError):
        activity_publish(activity=activity, actor=officer_user)


def test_a_reception_day_is_published_a_week_ahead(activity, officer_user):
    Activity.objects.filter(pk=activity.pk).update(
        kind=Activity.Kind.RECEPTION,
        starts_at=timezone.now() + timedelta(days=3),
        ends_at=timezone.now() + timedelta(days=3, hours=2),
    )
    activity.refresh_from_db()
    with pytest.raises(ValidationError):
        activity_publish(activity=activity, actor=officer_user)
    activity_publish(activity=activity, actor=officer_user, allow_late=True)
    # The 7-day reminder is already past: only the 1-day one is planned.
    assert Notification.objects.filter(kind="activity_upcoming").count() == 1


def test_staff_rules_switch_kinds_off_and_change_lead_times(activity, officer_user):
    ReminderRule.objects.update_or_create(kind="activity_upcoming", defaults={"offsets": "2"})
    ReminderRule.objects.update_or_create(kind="activity_invitation", defaults={"enabled": False})
    activity_publish(activity=activity, actor=officer_user)
    assert list(Notification.objects.values_list("kind", flat=True)) == ["activity_upcoming"]
    assert Notification.objects.get().due_at == activity.starts_at - timedelta(days=2)


def test_a_new_time_replans_pending_reminders_and_tells_the_invited(activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    later = activity.starts_at + timedelta(days=2)
    activity_update(
        activity=activity, actor=officer_user, starts_at=later, ends_at=later + timedelta(hours=2)
    )
    dues = sorted(Notification.objects.filter(kind="activity_upcoming").values_list("due_at", flat=True))
    assert dues == [later - timedelta(days=7), later - timedelta(days=1)]
    assert Notification.objects.filter(kind="activity_changed").count() == 1
    assert Notification.objects.filter(kind="activity_invitation").count() == 1
    assert activity.events.filter(kind=ActivityEvent.Kind.RESCHEDULED).exists()


def test_cancel_withdraws_and_says_it_is_off(activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    activity_cancel(activity=activity, actor=officer_user, reason="台风预警")
    upcoming = Delivery.objects.filter(notification__kind="activity_upcoming")
    assert set(upcoming.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}
    off = Notification.objects.get(kind="activity_cancelled")
    assert "台风预警" in off.body
    with pytest.raises(ValidationError):
        activity_publish(activity=activity, actor=officer_user)


def test_replies(activity, invitation, officer_user, deputy_user):
    with pytest.raises(ValidationError):  # not published yet
        invitation_reply(invitation=invitation, actor=deputy_user, reply=Invitation.Reply.CONFIRMED)
    activity_publish(activity=activity, actor=officer_user)
    with pytest.raises(ValidationError):
        invitation_reply(invitation=invitation, actor=deputy_user, reply=Invitation.Reply.LEAVE, reason=" ")
    invitation_reply(invitation=invitation, actor=deputy_user, reply=Invitation.Reply.LEAVE, reason="出差")
    invitation.refresh_from_db()
    assert invitation.reply == Invitation.Reply.LEAVE and invitation.reason == "出差"
    pending = Delivery.objects.filter(notification__kind="activity_upcoming", status=Delivery.Status.PENDING)
    assert not pending.exists()


def test_attendance_and_summary_after_the_activity(activity, invitation, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    with pytest.raises(ValidationError):
        attendance_record(activity=activity, actor=officer_user, attendance={invitation.pk: "present"})
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    attendance_record(activity=activity, actor=officer_user, attendance={invitation.pk: "present"})
    summary_record(activity=activity, actor=officer_user, summary="收集意见5条")
    activity.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.PRESENT
    assert activity.status == Activity.Status.DONE and activity.summary_at and activity.attendance_at


def test_officer_reminded_3_and_7_days_after_when_records_missing(activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    ended = activity.ends_at
    assert followups_plan(now=ended + timedelta(days=2)) == 0
    assert followups_plan(now=ended + timedelta(days=3, hours=1)) == 1
    assert followups_plan(now=ended + timedelta(days=4)) == 1  # same key: no second message
    assert Notification.objects.filter(kind="attendance_missing", recipient__user=officer_user).count() == 1
    followups_plan(now=ended + timedelta(days=7, hours=1))
    assert Notification.objects.filter(kind="attendance_missing").count() == 2
    Activity.objects.filter(pk=activity.pk).update(attendance_at=timezone.now(), summary_at=timezone.now())
    assert followups_plan(now=ended + timedelta(days=7, hours=2)) == 0


def test_session_reminds_every_deputy_a_month_before(deputy_user, other_deputy_user):
    opens = timezone.localdate() + timedelta(days=60)
    session = congress_session_save(session=CongressSession(name="区第十八届人大第六次会议", starts_on=opens))
    reminders = Notification.objects.filter(kind="session_prepare")
    assert set(reminders.values_list("recipient__user", flat=True)) == {deputy_user.pk, other_deputy_user.pk}
    assert {timezone.localdate(due) for due in reminders.values_list("due_at", flat=True)} == {
        opens - timedelta(days=30)
    }
    session.starts_on = opens + timedelta(days=5)
    congress_session_save(session=session)
    assert reminders.count() == 2  # moved, not doubled


def test_visit_log_records_each_voter(point, officer_user, deputy_record):
    visit = visit_log(
        actor=officer_user,
        station=point,
        deputies=[deputy_record],
        entries=[
            {"voter_name": "李阿姨", "voter_phone": "", "raised": "路灯坏了"},
            {"raised": "垃圾清运不及时"},
        ],
        kind=Visit.Kind.RECEPTION,
        date=timezone.localdate(),
        place="接待室",
        officer=officer_user,
        voters_met=0,
        summary="",
    )
    assert visit.voters_met == 2
    assert [entry.raised for entry in visit.entries.all()] == ["路灯坏了", "垃圾清运不及时"]


def test_appointment_flow(point, officer_user, deputy_record, deputy_user):
    appointment = appointment_request(
        actor=officer_user, station=point, deputy=deputy_record, voter_name="赵大爷", topic="加装电梯"
    )
    when = timezone.now() + timedelta(days=2)
    appointment_propose(appointment=appointment, actor=officer_user, proposed_at=when, place="代表之家")
    assert Notification.objects.get(recipient__user=deputy_user).kind == "appointment_proposed"
    appointment = appointment_close(appointment=appointment, actor=officer_user, outcome="已答复")
    assert appointment.status == Appointment.Status.DONE
    assert appointment.visit.kind == Visit.Kind.APPOINTMENT
    assert list(appointment.visit.deputies.all()) == [deputy_record]
    with pytest.raises(ValidationError):
        appointment_close(appointment=appointment, actor=officer_user, outcome="again")


def test_a_deputy_taken_off_the_list_leaves_their_answer_in_the_timeline(
    activity, invitation, officer_user, deputy_user, deputy_record
):
    activity_publish(activity=activity, actor=officer_user)
    invitation_reply(invitation=invitation, actor=deputy_user, reply=Invitation.Reply.LEAVE, reason="出差")
    activity_update(activity=activity, actor=officer_user, deputies=[])
    assert not activity.invitations.exists()
    event = activity.events.get(kind=ActivityEvent.Kind.UNINVITED)
    assert deputy_record.name in event.note and "出差" in event.note
    assert event.actor == officer_user


def test_an_activity_held_before_it_was_published_is_recorded_later(activity, invitation, officer_user):
    """补录: a station starting in March records January's days; each state change has its event."""
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(days=60), ends_at=timezone.now() - timedelta(days=60, hours=-2)
    )
    with pytest.raises(ValidationError):
        activity_publish(activity=activity, actor=officer_user)
    attendance_record(activity=activity, actor=officer_user, attendance={invitation.pk: "present"})
    summary_record(activity=activity, actor=officer_user, summary="接待群众5人")
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.recorded_later
    assert list(activity.events.values_list("kind", flat=True)) == ["attendance", "late", "summary"]
    assert not Notification.objects.exists()
    # Not even the organiser's reminder of missing records.
    Activity.objects.filter(pk=activity.pk).update(
        summary_at=None, ends_at=timezone.now() - timedelta(days=4)
    )
    assert followups_plan() == 0


def test_a_published_activity_becomes_done_through_the_same_move(activity, invitation, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    attendance_record(activity=activity, actor=officer_user, attendance={invitation.pk: "present"})
    summary_record(activity=activity, actor=officer_user, summary="收集意见5条")
    activity.refresh_from_db()
    assert not activity.recorded_later
    assert list(activity.events.values_list("kind", flat=True)) == [
        "published",
        "attendance",
        "done",
        "summary",
    ]
    with pytest.raises(ValidationError):  # done is done
        activity_cancel(activity=activity, actor=officer_user, reason="误建")
