"""State changes of reception plans, activities, visits and appointments, one function each."""

import calendar
import itertools
import math
from collections import Counter
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.models import Deputy
from liaison.activities.models import (
    Activity,
    ActivityEvent,
    ActivityPhoto,
    Appointment,
    CalendarFeed,
    Invitation,
    ReceivedVoter,
    ReceptionGuest,
    ReceptionPlan,
    Visit,
    VisitEntry,
    new_feed_token,
)
from liaison.activities.recipients import deputy_recipients
from liaison.activities.reminders import (
    activity_cancel_reminders,
    activity_plan_reminders,
    session_plan_reminders,
)
from liaison.core.errors import ActionRefused
from liaison.notifications.kinds import render
from liaison.notifications.models import Recipient
from liaison.notifications.selectors import notifications_about, recipients_of
from liaison.notifications.services import notification_cancel, notification_schedule
from liaison.policies.selectors import policy_in_force
from liaison.workdays import next_working_days, rest_days_between

# --- Reception plans and activities ----------------------------------------------------------------------


# Every status change of an activity, with the event its timeline records.
ACTIVITY_MOVES = {
    (Activity.Status.PLANNED, Activity.Status.PUBLISHED): ActivityEvent.Kind.PUBLISHED,
    (Activity.Status.PLANNED, Activity.Status.CANCELLED): ActivityEvent.Kind.CANCELLED,
    # 补录: held without ever being published (a station starting in March records January's days).
    (Activity.Status.PLANNED, Activity.Status.DONE): ActivityEvent.Kind.RECORDED_LATER,
    (Activity.Status.PUBLISHED, Activity.Status.DONE): ActivityEvent.Kind.DONE,
    (Activity.Status.PUBLISHED, Activity.Status.CANCELLED): ActivityEvent.Kind.CANCELLED,
}


def _check_move(activity, status):
    if (activity.status, status) not in ACTIVITY_MOVES:
        raise ActionRefused(
            _("This activity is %(status)s: it cannot be changed that way.")
            % {"status": activity.get_status_display()}
        )


def _move(activity, status, *, actor, note="", fields=()):
    """Change the status along ACTIVITY_MOVES, saving `fields` with it, and record the move's event."""
    _check_move(activity, status)
    event = ACTIVITY_MOVES[activity.status, status]
    activity.status = status
    activity.save(update_fields=["status", "updated_at", *fields])
    activity.events.create(kind=event, actor=actor, note=note)


def _locked(activity):
    return Activity.objects.select_for_update().get(pk=activity.pk)


def _clamp_day(year, month, day):
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def plan_dates(plan):
    """The year's reception days by the plan's rule, in order."""
    days = set()
    for month in range(1, 13):
        if plan.rule == ReceptionPlan.Rule.NTH_WEEKDAY:
            weeks = [
                day
                for day in calendar.Calendar().itermonthdates(plan.year, month)
                if day.month == month and day.weekday() == plan.weekday
            ]
            for nth in plan_nths(plan.nths):
                index = nth - 1 if nth > 0 else nth
                if -len(weeks) <= index < len(weeks):
                    days.add(weeks[index])
        else:
            days.add(_clamp_day(plan.year, month, plan.month_day or 1))
            if plan.rule == ReceptionPlan.Rule.TWICE_MONTHLY and plan.second_month_day:
                days.add(_clamp_day(plan.year, month, plan.second_month_day))
    return sorted(days)


def plan_nths(text):
    values = []
    for part in str(text).replace("，", ",").split(","):
        part = part.strip()
        if part.lstrip("-").isdigit() and int(part) in {-1, 1, 2, 3, 4, 5}:
            values.append(int(part))
    return values


def rotation(deputies, days, per_day):
    """Who receives voters on each day: a round robin over the deputies, with as many per day as needed for
    every deputy to come at least once in any two consecutive months (seed 004) and an even load (counts
    differ by at most one). Returns one list of deputies per day."""
    deputies = list(deputies)
    if not deputies or not days:
        return [[] for _day in days]
    by_month = Counter((day.year, day.month) for day in days)
    first, last = min(by_month), max(by_month)
    months = [(year, month) for year in range(first[0], last[0] + 1) for month in range(1, 13)]
    months = [month for month in months if first <= month <= last]
    windows = [by_month[one] + by_month[two] for one, two in itertools.pairwise(months)]
    fewest = min(windows) if windows else len(days)
    per_day = min(len(deputies), max(per_day, math.ceil(len(deputies) / max(fewest, 1))))
    return [
        [deputies[(index * per_day + offset) % len(deputies)] for offset in range(per_day)]
        for index in range(len(days))
    ]


def rest_day_note(starts_at):
    """The holiday (or weekend) a reception day starting then falls on, per liaison/workdays.py; "" on a
    working day."""
    day = timezone.localdate(starts_at)
    return rest_days_between(day, day).get(day, "")


def stationed_deputies(station):
    return Deputy.objects.filter(
        is_active=True, stationings__station=station, stationings__until__isnull=True
    ).order_by("name_pinyin", "pk")


@transaction.atomic
def plan_generate(*, plan, actor):
    """Create the year's reception days of a plan, each with the deputies of the rotation invited. A day
    that falls on a holiday or a weekend rest day is flagged, and the plan proposes the next working day
    for the officer to accept in one click (activity_move_to_working_day). A plan is generated once."""
    plan = ReceptionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.activities.exists():
        raise ActionRefused(_("This plan has already been generated."))
    days = plan_dates(plan)
    if not days:
        raise ValidationError(_("The rule gives no day in this year."))
    holidays = rest_days_between(days[0], days[-1])
    crew = rotation(stationed_deputies(plan.station), days, plan.deputies_per_day)
    title = _("Reception day")
    ahead = policy_in_force(plan.station).reception_publish_days_ahead
    created = []
    for day, deputies in zip(days, crew, strict=True):
        activity = Activity.objects.create(
            kind=Activity.Kind.RECEPTION,
            title=f"{plan.station.name} {title}",
            station=plan.station,
            plan=plan,
            starts_at=timezone.make_aware(datetime.combine(day, plan.start_time)),
            ends_at=timezone.make_aware(datetime.combine(day, plan.end_time)),
            place=plan.place,
            organiser=actor,
            holiday_note=holidays.get(day, ""),
            publish_days_ahead=ahead,
        )
        Invitation.objects.bulk_create(Invitation(activity=activity, deputy=deputy) for deputy in deputies)
        activity.events.create(kind=ActivityEvent.Kind.CREATED, actor=actor, note=str(plan))
        created.append(activity)
    return created


@transaction.atomic
def activity_create(*, actor, deputies=(), officers=(), **fields):
    # A group activity held elsewhere follows the organiser's level.
    ahead = policy_in_force(fields.get("station") or actor).reception_publish_days_ahead
    activity = Activity(organiser=actor, publish_days_ahead=ahead, **fields)
    activity.full_clean()
    if activity.kind == Activity.Kind.RECEPTION:
        activity.holiday_note = rest_day_note(activity.starts_at)
    activity.save()
    Invitation.objects.bulk_create(Invitation(activity=activity, deputy=deputy) for deputy in deputies)
    activity.officers.set(officers)
    activity.events.create(kind=ActivityEvent.Kind.CREATED, actor=actor)
    return activity


@transaction.atomic
def activity_update(*, activity, actor, deputies=None, officers=None, **fields):
    """Change an open activity. A new time re-plans the pending reminders and tells those invited; a
    deputy taken off the list loses the reminders not yet sent."""
    activity = _locked(activity)
    if not activity.is_open:
        raise ActionRefused(_("Only a planned or published activity can be changed."))
    old_times = (activity.starts_at, activity.ends_at)
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean()
    if (activity.starts_at, activity.ends_at) != old_times:
        reception = activity.kind == Activity.Kind.RECEPTION
        activity.holiday_note = rest_day_note(activity.starts_at) if reception else ""
    activity.save()
    if officers is not None:
        removed = set(activity.officers.values_list("pk", flat=True)) - {officer.pk for officer in officers}
        activity.officers.set(officers)
        _withdraw_for(activity, Recipient.objects.filter(user__in=removed))
    if deputies is not None:
        wanted = {deputy.pk for deputy in deputies}
        leaving = activity.invitations.exclude(deputy__in=wanted).select_related("deputy")
        _withdraw_for(activity, recipients_of(Deputy.objects.filter(invitations__in=leaving)))
        # The invitation row goes; what the deputy had answered stays in the timeline (nothing is lost).
        for invitation in leaving:
            answer = invitation.get_reply_display() + (f": {invitation.reason}" if invitation.reason else "")
            activity.events.create(
                kind=ActivityEvent.Kind.UNINVITED,
                actor=actor,
                note=f"{invitation.deputy.name} ({answer})"[:300],
            )
        leaving.delete()
        have = set(activity.invitations.values_list("deputy_id", flat=True))
        Invitation.objects.bulk_create(
            Invitation(activity=activity, deputy=deputy) for deputy in deputies if deputy.pk not in have
        )
    rescheduled = (activity.starts_at, activity.ends_at) != old_times
    if rescheduled:
        activity.events.create(
            kind=ActivityEvent.Kind.RESCHEDULED,
            actor=actor,
            note=f"{timezone.localtime(old_times[0]):%Y-%m-%d %H:%M} → {timezone.localtime(activity.starts_at):%Y-%m-%d %H:%M}",
        )
    if activity.status == Activity.Status.PUBLISHED:
        activity_plan_reminders(activity, invite=True, changed=rescheduled)
    return activity


def working_day_proposals(activities):
    """{activity pk: the next working day} for the open reception days flagged as falling on a rest day:
    what the plan and the day's page offer in one click. One query, however many days."""
    flagged = [each for each in activities if each.holiday_note and each.is_open]
    following = next_working_days({timezone.localdate(each.starts_at) for each in flagged})
    return {each.pk: following[timezone.localdate(each.starts_at)] for each in flagged}


@transaction.atomic
def activity_move_to_working_day(*, activity, actor):
    """Move a reception day flagged as falling on a holiday or weekend rest day to the next working day,
    at the same hours (the rescheduling tells those invited, as any change of time does)."""
    activity = _locked(activity)
    proposal = working_day_proposals([activity]).get(activity.pk)
    if proposal is None:
        raise ActionRefused(_("Only an open reception day on a rest day is moved to the next working day."))
    shift = proposal - timezone.localdate(activity.starts_at)
    return activity_update(
        activity=activity, actor=actor, starts_at=activity.starts_at + shift, ends_at=activity.ends_at + shift
    )


def _withdraw_for(activity, recipients):
    for notification in notifications_about(activity).filter(recipient__in=recipients):
        notification_cancel(notification=notification)


@transaction.atomic
def activity_publish(*, activity, actor, allow_late=False):
    """Publish: the public notice shows it, those invited are told and their reminders are planned. A
    reception day is published at least the days ahead of the policy in force when it was planned (seed 004:
    one week)."""
    activity = _locked(activity)
    _check_move(activity, Activity.Status.PUBLISHED)
    if activity.starts_at <= timezone.now():
        raise ActionRefused(_("This activity has already begun."))
    ahead = activity.publish_days_ahead
    if (
        activity.kind == Activity.Kind.RECEPTION
        and not allow_late
        and activity.starts_at - timezone.now() < timedelta(days=ahead)
    ):
        raise ActionRefused(
            _("A reception day is published at least %(days)s days ahead; confirm to publish it late.")
            % {"days": ahead}
        )
    activity.published_at = timezone.now()
    _move(activity, Activity.Status.PUBLISHED, actor=actor, fields=["published_at"])

    activity_plan_reminders(activity, invite=True)
    return activity


@transaction.atomic
def activity_cancel(*, activity, actor, reason):
    activity = _locked(activity)
    _check_move(activity, Activity.Status.CANCELLED)
    was_published = activity.status == Activity.Status.PUBLISHED
    activity.cancel_reason = reason
    _move(activity, Activity.Status.CANCELLED, actor=actor, note=reason, fields=["cancel_reason"])

    activity_cancel_reminders(activity, tell=was_published)
    return activity


@transaction.atomic
def invitation_reply(*, invitation, actor, reply, reason=""):
    """A deputy confirms or asks for leave (with a reason) before the activity begins."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("activity", "deputy")
        .get(pk=invitation.pk)
    )
    activity = invitation.activity
    if activity.status != Activity.Status.PUBLISHED or activity.starts_at <= timezone.now():
        raise ActionRefused(_("Replies are closed for this activity."))
    if reply not in {Invitation.Reply.CONFIRMED, Invitation.Reply.LEAVE}:
        raise ValidationError(_("Choose to attend or to ask for leave."))
    if reply == Invitation.Reply.LEAVE and not reason.strip():
        raise ValidationError(_("Please give a reason for the leave."))
    invitation.reply = reply
    invitation.reason = reason.strip() if reply == Invitation.Reply.LEAVE else ""
    invitation.replied_at = timezone.now()
    invitation.save(update_fields=["reply", "reason", "replied_at"])
    activity.events.create(
        kind=ActivityEvent.Kind.REPLIED,
        actor=actor,
        note=f"{invitation.deputy}: {invitation.get_reply_display()} {invitation.reason}".strip(),
    )
    if reply == Invitation.Reply.LEAVE:
        for notification in notifications_about(activity).filter(
            recipient__in=recipients_of(Deputy.objects.filter(pk=invitation.deputy_id)),
            kind="activity_upcoming",
        ):
            notification_cancel(notification=notification)
    return invitation


def _check_after_start(activity):
    if activity.status == Activity.Status.CANCELLED:
        raise ActionRefused(_("Attendance and summary are recorded for an activity that took place."))
    if activity.starts_at > timezone.now():
        raise ActionRefused(_("The activity has not begun yet."))


def _mark_held(activity, actor):
    """Attendance or a summary makes an activity done. One never published is marked as recorded later
    (补录): counted like any other, it was announced to nobody and reminds nobody."""
    if activity.status == Activity.Status.DONE:
        return
    activity.recorded_later = activity.status == Activity.Status.PLANNED
    _move(activity, Activity.Status.DONE, actor=actor, fields=["recorded_later"])


@transaction.atomic
def attendance_record(*, activity, actor, attendance):
    """Record who came: `attendance` maps invitation ids to present / leave / absent. Feeds duty records."""
    activity = _locked(activity)
    _check_after_start(activity)
    valid = {choice for choice, _label in Invitation.Attendance.choices if choice}
    for invitation in activity.invitations.select_for_update():
        value = attendance.get(invitation.pk)
        if value in valid and value != invitation.attendance:
            invitation.attendance = value
            invitation.save(update_fields=["attendance"])
    activity.attendance_at = timezone.now()
    activity.save(update_fields=["attendance_at", "updated_at"])
    activity.events.create(kind=ActivityEvent.Kind.ATTENDANCE_RECORDED, actor=actor)
    _mark_held(activity, actor)
    return activity


@transaction.atomic
def summary_record(*, activity, actor, summary, photos=()):
    activity = _locked(activity)
    _check_after_start(activity)
    activity.summary = summary
    activity.summary_at = timezone.now()
    activity.save(update_fields=["summary", "summary_at", "updated_at"])
    for photo in photos:
        ActivityPhoto.objects.create(activity=activity, image=photo)
    activity.events.create(kind=ActivityEvent.Kind.SUMMARY_RECORDED, actor=actor)
    _mark_held(activity, actor)
    return activity


@transaction.atomic
def reception_voters_record(*, activity, actor, count, named=()):
    """Record how many voters a reception day received, and add those who left a name or phone (`named`:
    dicts of name and phone; the ones listed before stay). The count covers the named voters and the
    voters met in the visits logged for the day: it is refused below them."""
    activity = _locked(activity)
    if activity.kind != Activity.Kind.RECEPTION:
        raise ActionRefused(_("Voters received are recorded for a reception day."))
    _check_after_start(activity)
    named = [voter for voter in named if voter.get("name") or voter.get("phone")]
    floor = max(activity.received_voters.count() + len(named), _voters_of_visits(activity))
    if count < floor:
        message = _("At least %(floor)s voters were received that day (named or met in its visits).")
        raise ValidationError({"count": message % {"floor": floor}})
    ReceivedVoter.objects.bulk_create(
        ReceivedVoter(activity=activity, name=voter.get("name", ""), phone=voter.get("phone", ""))
        for voter in named
    )
    activity.voters_received = count
    activity.save(update_fields=["voters_received", "updated_at"])
    activity.events.create(kind=ActivityEvent.Kind.VOTERS_RECORDED, actor=actor, note=str(count))
    _mark_held(activity, actor)
    return activity


@transaction.atomic
def reception_guest_add(*, activity, actor, name, office, role):
    """A guest of a joint reception day (seed 004): a judge, a police officer, a lawyer or the head of a
    street department, received with the deputies. Listed before or after the day, never on a cancelled one."""
    activity = _locked(activity)
    if activity.kind != Activity.Kind.RECEPTION:
        raise ActionRefused(_("Guests are listed for a reception day."))
    if activity.status == Activity.Status.CANCELLED:
        raise ActionRefused(_("This reception day was cancelled: it has no guests."))
    name, office = name.strip(), office.strip()
    if role not in ReceptionGuest.Role.values:
        raise ValidationError({"role": _("Choose the guest's role.")})
    if activity.guests.filter(name=name, office=office).exists():
        raise ValidationError({"name": _("This guest of this office is already listed for the day.")})
    guest = ReceptionGuest.objects.create(activity=activity, name=name, office=office, role=role)
    activity.events.create(kind=ActivityEvent.Kind.GUEST_ADDED, actor=actor, note=str(guest)[:300])
    return guest


@transaction.atomic
def reception_guest_remove(*, guest, actor):
    """Take a guest off a day's list; refused once an opinion was handed to their office (it keeps the guest)."""
    activity = _locked(guest.activity)
    note = str(guest)[:300]
    try:
        with transaction.atomic():
            guest.delete()
    except ProtectedError:
        raise ActionRefused(
            _("Opinions were handed to this guest's office: the guest stays on the day's list.")
        ) from None
    activity.events.create(kind=ActivityEvent.Kind.GUEST_REMOVED, actor=actor, note=note)
    return activity


def _voters_of_visits(day):
    return sum(day.visits.values_list("voters_met", flat=True))


# --- The visits log and appointments ---------------------------------------------------------------------


@transaction.atomic
def visit_log(*, actor, station, deputies=(), entries=(), **fields):
    """Record one contact with voters and, in the same step, each voter met and what they raised. The
    number of voters met is at least the number of voters listed."""
    visit = Visit(station=station, created_by=actor, **fields)
    visit.voters_met = max(visit.voters_met or 0, len(entries))
    visit.full_clean()
    visit.save()
    visit.deputies.set(deputies)
    if visit.activity_id and visit.activity.kind == Activity.Kind.RECEPTION:
        # The voters met in a visit of a reception day are voters the day received: counted there once.
        day = _locked(visit.activity)
        day.voters_received = max(day.voters_received, _voters_of_visits(day))
        day.save(update_fields=["voters_received", "updated_at"])
    VisitEntry.objects.bulk_create(
        VisitEntry(
            visit=visit,
            voter_name=entry.get("voter_name", ""),
            voter_phone=entry.get("voter_phone", ""),
            raised=entry["raised"],
            position=index,
        )
        for index, entry in enumerate(entries)
    )
    return visit


@transaction.atomic
def appointment_request(*, actor, station, deputy, voter_name, topic, voter_phone=""):
    appointment = Appointment(
        station=station,
        deputy=deputy,
        voter_name=voter_name,
        voter_phone=voter_phone,
        topic=topic,
        created_by=actor,
    )
    appointment.full_clean()
    appointment.save()
    return appointment


@transaction.atomic
def appointment_propose(*, appointment, actor, proposed_at, place):
    """The officer proposes a time; the deputy is told at once, account or not (a new time tells them
    again)."""
    appointment = (
        Appointment.objects.select_for_update(of=("self",))
        .select_related("deputy__user")
        .get(pk=appointment.pk)
    )
    if appointment.status not in {Appointment.Status.REQUESTED, Appointment.Status.SCHEDULED}:
        raise ActionRefused(_("This appointment is closed."))
    appointment.proposed_at = proposed_at
    appointment.place = place
    appointment.status = Appointment.Status.SCHEDULED
    appointment.save(update_fields=["proposed_at", "place", "status", "updated_at"])
    subject, body = render("appointment_proposed", {"appointment": appointment})
    notification_schedule(
        recipient=deputy_recipients([appointment.deputy])[appointment.deputy_id],
        kind="appointment_proposed",
        subject=subject,
        body=body,
        due_at=timezone.now(),
        url=appointment.get_absolute_url(),
        dedupe_key=f"appointment:{appointment.pk}:{proposed_at:%Y%m%d%H%M}",
        happens_at=proposed_at,
    )
    return appointment


@transaction.atomic
def appointment_close(*, appointment, actor, outcome, met=True):
    """Log the outcome. A meeting that took place is entered in the visits log as an appointment (约访)."""
    appointment = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.status in {Appointment.Status.DONE, Appointment.Status.CANCELLED}:
        raise ActionRefused(_("This appointment is closed."))
    appointment.outcome = outcome
    if met:
        when = appointment.proposed_at or timezone.now()
        appointment.visit = visit_log(
            actor=actor,
            station=appointment.station,
            deputies=[appointment.deputy],
            entries=[
                {
                    "voter_name": appointment.voter_name,
                    "voter_phone": appointment.voter_phone,
                    "raised": appointment.topic,
                }
            ],
            kind=Visit.Kind.APPOINTMENT,
            date=timezone.localdate(when),
            place=appointment.place,
            officer=actor if actor.is_officer else None,
            voters_met=1,
            summary=outcome,
        )
        appointment.status = Appointment.Status.DONE
    else:
        appointment.status = Appointment.Status.CANCELLED
    appointment.save(update_fields=["outcome", "visit", "status", "updated_at"])
    return appointment


@transaction.atomic
def congress_session_save(*, session):
    """Staff set (or move) a session's date; the deputies' reminder to prepare suggestions follows it."""
    session.full_clean()
    session.save()

    session_plan_reminders(session)
    return session


@transaction.atomic
def calendar_feed_reset(*, deputy):
    """A new private address for the deputy's calendar; the old one stops working."""
    feed, _created = CalendarFeed.objects.select_for_update().get_or_create(deputy=deputy)
    if not _created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed
