"""Which reminders the liaison work plans, for whom, when, and with what text (REMINDERS.md)."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy
from liaison.activities.models import Activity, Invitation
from liaison.activities.recipients import deputy_recipients, station_group_recipients
from liaison.notifications.kinds import Kind, offsets_for, render, rule_for
from liaison.notifications.selectors import notifications_about
from liaison.notifications.services import notification_cancel, notification_schedule, recipient_of_user

# What an approved SMS template of an activity's messages may name besides the texts (REMINDERS.md).
ACTIVITY_SMS = {"time": "{{ about.starts_at|date:'m-d H:i' }}", "place": "{{ about.place }}"}

KINDS = {
    "activity_invitation": Kind(
        _("Invitation to an activity"),
        _("Invitation: {{ activity.title }}"),
        _(
            "{{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}. "
            "Please confirm or ask for leave on your page."
        ),
        sms=ACTIVITY_SMS,
    ),
    "activity_upcoming": Kind(
        _("Reminder before an activity"),
        _("In {{ days }} day(s): {{ activity.title }}"),
        _("{{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}."),
        "REMINDER_OFFSETS_DAYS",
        sms=ACTIVITY_SMS,
    ),
    "activity_changed": Kind(
        _("Activity time changed"),
        _("New time: {{ activity.title }}"),
        _("Now {{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}."),
        sms=ACTIVITY_SMS,
    ),
    "activity_cancelled": Kind(
        _("Activity cancelled"),
        _("Cancelled: {{ activity.title }}"),
        _(
            "The activity of {{ activity.starts_at|date:'Y-m-d H:i' }} will not take place. {{ activity.cancel_reason }}"
        ),
        sms=ACTIVITY_SMS,
    ),
    "attendance_missing": Kind(
        _("Attendance or summary missing"),
        _("Please record attendance and summary: {{ activity.title }}"),
        _("{{ days }} days have passed since {{ activity.starts_at|date:'Y-m-d' }}."),
        "REMINDER_FOLLOWUP_DAYS",
    ),
    "session_prepare": Kind(
        _("Prepare suggestions before the congress session"),
        _(
            "{{ session.name }} opens on {{ session.starts_on|date:'Y-m-d' }}: please prepare your suggestions"
        ),
        _("Voters' opinions you collected can become suggestions; write them down before the session."),
        "REMINDER_SESSION_LEAD_DAYS",
    ),
    "appointment_proposed": Kind(
        _("A voter asks to meet a deputy"),
        _("A voter asks to meet you: {{ appointment.proposed_at|date:'Y-m-d H:i' }}"),
        _("{{ appointment.place }}. Topic: {{ appointment.topic|truncatechars:60 }}"),
    ),
}


def _at_nine(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def activity_recipients(activity, *, on_leave=False):
    """Who is told about an activity: every invited deputy, account or not (not those on leave, unless
    `on_leave`), the invited officers, and the station's deputies' WeChat Work group when it has one."""
    invitations = activity.invitations.select_related("deputy__user")
    if not on_leave:
        invitations = invitations.exclude(reply=Invitation.Reply.LEAVE)
    deputies = deputy_recipients(invitation.deputy for invitation in invitations)
    group = station_group_recipients([activity.station])
    return [
        *deputies.values(),
        *(recipient_of_user(officer) for officer in activity.officers.all()),
        *group.values(),
    ]


@transaction.atomic
def activity_plan_reminders(activity, *, invite=False, changed=False):
    """Plan the reminders of a published activity; again after a change of time (same keys: the pending
    ones move, none is duplicated, those already sent stay sent)."""
    now = timezone.now()
    url = activity.get_absolute_url()
    rule = rule_for("activity_upcoming")
    offsets = offsets_for("activity_upcoming", rule) if rule.enabled else []
    for recipient in activity_recipients(activity):
        if invite:
            subject, body = render("activity_invitation", {"activity": activity})
            notification_schedule(
                recipient=recipient,
                kind="activity_invitation",
                subject=subject,
                body=body,
                due_at=now,
                url=url,
                dedupe_key=f"activity:{activity.pk}:invitation:r{recipient.pk}",
                about=activity,
                happens_at=activity.starts_at,
            )
        if changed:
            subject, body = render("activity_changed", {"activity": activity})
            notification_schedule(
                recipient=recipient,
                kind="activity_changed",
                subject=subject,
                body=body,
                due_at=now,
                url=url,
                dedupe_key=f"activity:{activity.pk}:changed:{activity.starts_at:%Y%m%d%H%M}:r{recipient.pk}",
                about=activity,
                happens_at=activity.starts_at,
            )
        for days in offsets:
            key = f"activity:{activity.pk}:upcoming:{days}:r{recipient.pk}"
            due = activity.starts_at - timedelta(days=days)
            if due <= now:
                notification_cancel(dedupe_key=key)
                continue
            subject, body = render("activity_upcoming", {"activity": activity, "days": days}, rule)
            notification_schedule(
                recipient=recipient,
                kind="activity_upcoming",
                subject=subject,
                body=body,
                due_at=due,
                url=url,
                dedupe_key=key,
                about=activity,
                happens_at=activity.starts_at,
            )


@transaction.atomic
def activity_cancel_reminders(activity, *, tell=True):
    """Withdraw what has not gone out, then tell everyone invited that the activity is off."""
    for notification in notifications_about(activity).select_for_update():
        if notification.kind != "activity_cancelled":
            notification_cancel(notification=notification)
    if not tell:
        return
    subject, body = render("activity_cancelled", {"activity": activity})
    for recipient in activity_recipients(activity, on_leave=True):
        notification_schedule(
            recipient=recipient,
            kind="activity_cancelled",
            subject=subject,
            body=body,
            due_at=timezone.now(),
            url=activity.get_absolute_url(),
            dedupe_key=f"activity:{activity.pk}:cancelled:r{recipient.pk}",
            about=activity,
            happens_at=activity.starts_at,
        )


def followups_plan(now=None):
    """Remind the organiser 3 and 7 days (settings) after an activity whose attendance or summary is
    still missing. Runs every hour; keys make each reminder once."""
    now = now or timezone.now()
    rule = rule_for("attendance_missing")
    if not rule.enabled:
        return 0
    offsets = offsets_for("attendance_missing", rule)
    if not offsets:
        return 0
    planned = 0
    oldest = now - timedelta(days=max(offsets) + 3)
    activities = (
        Activity.objects.filter(
            status__in=[Activity.Status.PUBLISHED, Activity.Status.DONE], ends_at__gte=oldest, ends_at__lt=now
        )
        .filter(Q(attendance_at__isnull=True) | Q(summary_at__isnull=True))
        .exclude(recorded_later=True)  # recorded after the fact: nobody waits for a reminder
        .select_related("organiser")
    )
    for activity in activities:
        for days in offsets:
            if activity.ends_at + timedelta(days=days) > now:
                continue
            subject, body = render("attendance_missing", {"activity": activity, "days": days}, rule)
            with transaction.atomic():
                created = notification_schedule(
                    user=activity.organiser,
                    kind="attendance_missing",
                    subject=subject,
                    body=body,
                    due_at=now,
                    url=activity.get_absolute_url(),
                    dedupe_key=f"activity:{activity.pk}:followup:{days}",
                    about=activity,
                )
            planned += created is not None
    return planned


@transaction.atomic
def session_plan_reminders(session):
    """One month (setting) before the session every serving deputy, account or not, is reminded to
    prepare suggestions (seed 002)."""
    rule = rule_for("session_prepare")
    if not rule.enabled:
        return 0
    now = timezone.now()
    opens = _at_nine(session.starts_on)
    if opens <= now:
        return 0
    lead = offsets_for("session_prepare", rule)[0]
    due = max(_at_nine(session.starts_on - timedelta(days=lead)), now)
    subject, body = render("session_prepare", {"session": session}, rule)
    deputies = Deputy.objects.filter(is_active=True).select_related("user")
    recipients = deputy_recipients(deputies)
    for recipient in recipients.values():
        notification_schedule(
            recipient=recipient,
            kind="session_prepare",
            subject=subject,
            body=body,
            due_at=due,
            url="",
            dedupe_key=f"session:{session.pk}:r{recipient.pk}",
            happens_at=opens,
        )
    return len(recipients)
