"""Which reminders the liaison work plans, for whom, when, and with what text (REMINDERS.md).

Each kind has defaults here; staff override them per kind (on/off, lead times, text) with a ReminderRule.
Texts are Django templates rendered in the site's language."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.template import engines
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from liaison.models import Activity, Delivery, Invitation, Notification, ReminderRule
from liaison.services import notification_cancel, notification_schedule


@dataclass(frozen=True)
class Kind:
    label: str
    subject: str
    body: str
    offsets: str = ""  # the name of the setting with the default lead times, if the kind has lead times


KINDS = {
    "activity_invitation": Kind(
        _("Invitation to an activity"),
        _("Invitation: {{ activity.title }}"),
        _(
            "{{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}. "
            "Please confirm or ask for leave on your page."
        ),
    ),
    "activity_upcoming": Kind(
        _("Reminder before an activity"),
        _("In {{ days }} day(s): {{ activity.title }}"),
        _("{{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}."),
        "REMINDER_OFFSETS_DAYS",
    ),
    "activity_changed": Kind(
        _("Activity time changed"),
        _("New time: {{ activity.title }}"),
        _("Now {{ activity.starts_at|date:'Y-m-d H:i' }}, {{ activity.place }}."),
    ),
    "activity_cancelled": Kind(
        _("Activity cancelled"),
        _("Cancelled: {{ activity.title }}"),
        _(
            "The activity of {{ activity.starts_at|date:'Y-m-d H:i' }} will not take place. {{ activity.cancel_reason }}"
        ),
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
    "digest": Kind(
        _("Daily digest"),
        _("Your reminders ({{ count }})"),
        "{% for line in lines %}{{ line }}\n{% endfor %}",
    ),
}


def rule_for(kind):
    """The rule staff set for this kind, or one with the defaults (not saved)."""
    rule = ReminderRule.objects.filter(kind=kind).first()
    if rule is None:
        rule = ReminderRule(kind=kind)
    return rule


def offsets_for(kind, rule=None):
    rule = rule or rule_for(kind)
    if rule.offset_days:
        return rule.offset_days
    setting = KINDS[kind].offsets
    value = getattr(settings, setting) if setting else []
    return list(value) if isinstance(value, list | tuple) else [value]


def render(kind, context, rule=None):
    rule = rule or rule_for(kind)
    default = KINDS[kind]
    engine = engines["django"]
    with translation.override(settings.LANGUAGE_CODE):
        subject = rule.subject_template or str(default.subject)
        body = rule.body_template or str(default.body)
        subject, body = (
            engine.from_string("{% autoescape off %}" + text + "{% endautoescape %}").render(context)
            for text in (subject, body)
        )
        return " ".join(subject.split()), body.strip()


def ensure_rules(rule_model=ReminderRule):
    """One editable row per known kind, so staff see them all; run after every migrate (liaison/apps.py)."""
    existing = set(rule_model.objects.values_list("kind", flat=True))
    rule_model.objects.bulk_create(rule_model(kind=kind) for kind in KINDS if kind not in existing)


def _at_nine(day):
    return timezone.make_aware(datetime.combine(day, time(9, 0)))


def activity_recipients(activity):
    """Users told about an activity: invited deputies with an account (not those on leave), invited officers."""
    users = [
        invitation.deputy.user
        for invitation in activity.invitations.select_related("deputy__user")
        if invitation.deputy.user_id and invitation.reply != Invitation.Reply.LEAVE
    ]
    return users + list(activity.officers.all())


def everyone_invited(activity):
    users = [
        invitation.deputy.user
        for invitation in activity.invitations.select_related("deputy__user")
        if invitation.deputy.user_id
    ]
    return users + list(activity.officers.all())


@transaction.atomic
def activity_plan_reminders(activity, *, invite=False, changed=False):
    """Plan the reminders of a published activity; again after a change of time (same keys: the pending
    ones move, none is duplicated, those already sent stay sent)."""
    now = timezone.now()
    url = activity.get_absolute_url()
    rule = rule_for("activity_upcoming")
    offsets = offsets_for("activity_upcoming", rule) if rule.enabled else []
    for user in activity_recipients(activity):
        if invite:
            subject, body = render("activity_invitation", {"activity": activity})
            notification_schedule(
                user=user,
                kind="activity_invitation",
                subject=subject,
                body=body,
                due_at=now,
                url=url,
                dedupe_key=f"activity:{activity.pk}:invitation:{user.pk}",
                activity=activity,
            )
        if changed:
            subject, body = render("activity_changed", {"activity": activity})
            notification_schedule(
                user=user,
                kind="activity_changed",
                subject=subject,
                body=body,
                due_at=now,
                url=url,
                dedupe_key=f"activity:{activity.pk}:changed:{activity.starts_at:%Y%m%d%H%M}:{user.pk}",
                activity=activity,
            )
        for days in offsets:
            key = f"activity:{activity.pk}:upcoming:{days}:{user.pk}"
            due = activity.starts_at - timedelta(days=days)
            if due <= now:
                notification_cancel(dedupe_key=key)
                continue
            subject, body = render("activity_upcoming", {"activity": activity, "days": days}, rule)
            notification_schedule(
                user=user,
                kind="activity_upcoming",
                subject=subject,
                body=body,
                due_at=due,
                url=url,
                dedupe_key=key,
                activity=activity,
            )


@transaction.atomic
def activity_cancel_reminders(activity, *, tell=True):
    """Withdraw what has not gone out, then tell everyone invited that the activity is off."""
    for notification in Notification.objects.select_for_update().filter(activity=activity):
        if notification.kind != "activity_cancelled":
            notification_cancel(notification=notification)
    if not tell:
        return
    subject, body = render("activity_cancelled", {"activity": activity})
    for user in everyone_invited(activity):
        notification_schedule(
            user=user,
            kind="activity_cancelled",
            subject=subject,
            body=body,
            due_at=timezone.now(),
            url=activity.get_absolute_url(),
            dedupe_key=f"activity:{activity.pk}:cancelled:{user.pk}",
            activity=activity,
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
                    activity=activity,
                )
            planned += created is not None
    return planned


@transaction.atomic
def session_plan_reminders(session):
    """One month (setting) before the session every serving deputy with an account is reminded to
    prepare suggestions (seed 002)."""
    from deputies.models import Deputy

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
    count = 0
    for deputy in Deputy.objects.filter(is_active=True, user__isnull=False).select_related("user"):
        notification_schedule(
            user=deputy.user,
            kind="session_prepare",
            subject=subject,
            body=body,
            due_at=due,
            url="",
            dedupe_key=f"session:{session.pk}:{deputy.user_id}",
        )
        count += 1
    return count


def digests_build(now=None):
    """Gather each user's e-mail and SMS rows that wait for the digest into one message per channel."""
    now = now or timezone.now()
    built = 0
    users = (
        Delivery.objects.filter(status=Delivery.Status.PENDING, in_digest=True, due_at__lte=now)
        .values_list("notification__user", flat=True)
        .distinct()
    )
    for user_id in list(users):
        with transaction.atomic():
            rows = Delivery.objects.filter(
                status=Delivery.Status.PENDING, in_digest=True, due_at__lte=now, notification__user=user_id
            ).select_related("notification__user")
            if connection.features.has_select_for_update_skip_locked:
                rows = rows.select_for_update(skip_locked=True, of=("self",))
            rows = list(rows)
            if not rows:
                continue
            user = rows[0].notification.user
            lines = sorted({row.notification.subject for row in rows})
            subject, body = render("digest", {"count": len(lines), "lines": lines})
            digest = Notification.objects.create(
                user=user, kind="digest", subject=subject, body=body, due_at=now, inbox_at=now, read_at=now
            )
            for channel in sorted({row.channel for row in rows}):
                Delivery.objects.create(notification=digest, channel=channel, due_at=now)
            Delivery.objects.filter(pk__in=[row.pk for row in rows], status=Delivery.Status.PENDING).update(
                status=Delivery.Status.DIGESTED
            )
            built += 1
    return built
