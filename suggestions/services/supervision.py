"""督 Supervise: key supervision (重点督办) with its leader, supervision actions, and the daily reminders of
near-due and overdue assignments."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.models import User
from liaison.notifications.services import notification_schedule
from suggestions import clock
from suggestions.models import Assignment, SuggestionEvent, SupervisionAction
from suggestions.rates import assignment_open_q, assignments_flagged
from suggestions.services.steps import check_allowed, lock_suggestion, write_event

Event = SuggestionEvent.Kind


@transaction.atomic
def suggestion_mark_key(*, suggestion, actor, is_key, leader=""):
    """重点督办 with the leader who supervises it."""
    suggestion = lock_suggestion(suggestion, "key")
    check_allowed(suggestion, actor, "key")
    if is_key and not leader.strip():
        raise ValidationError(_("Name the leader who supervises it."))
    suggestion.is_key = is_key
    suggestion.supervising_leader = leader if is_key else ""
    suggestion.save()
    kind = Event.KEY_MARKED if is_key else Event.KEY_UNMARKED
    write_event(suggestion, kind, actor, from_status=suggestion.status, note=leader)
    return suggestion


@transaction.atomic
def supervision_record(*, suggestion, actor, kind, happened_on, note=""):
    suggestion = lock_suggestion(suggestion, "supervise")
    check_allowed(suggestion, actor, "supervise")
    action = SupervisionAction.objects.create(
        suggestion=suggestion,
        kind=kind,
        happened_on=happened_on,
        note=note,
        recorded_by=actor,
    )
    write_event(
        suggestion,
        Event.SUPERVISED,
        actor,
        from_status=suggestion.status,
        note=f"{action.get_kind_display()} {happened_on} {note}".strip(),
    )
    return action


@dataclass
class DueItem:
    assignment: Assignment
    overdue: bool

    @property
    def suggestion(self):
        return self.assignment.suggestion


def suggestions_due_scan(today=None):
    """The open assignments whose deadline is near (within NEAR_DUE_DAYS) or past, as DueItems."""
    today = today or timezone.localdate()
    assignments = (
        assignments_flagged(Assignment.objects.filter(assignment_open_q()), today)
        .filter(deadline__lte=clock.near_due_limit(today))
        .select_related("suggestion", "unit")
        .order_by("deadline", "pk")
    )
    return [DueItem(assignment=a, overdue=a.overdue) for a in assignments]


@transaction.atomic
def suggestions_remind_due(today=None):
    """Remind each near-due or overdue assignment's unit (and, when overdue, the committee staff) through
    the reminder outbox, write the event, and mark it reminded today; returns the DueItems reminded now.
    A retry or a second run the same day reminds nobody twice."""
    today = today or timezone.localdate()
    fresh = []
    for item in suggestions_due_scan(today):
        assignment = Assignment.objects.select_for_update().get(pk=item.assignment.pk)
        if assignment.last_reminded_on == today:
            continue
        assignment.last_reminded_on = today
        assignment.save(update_fields=["last_reminded_on"])
        values = {"unit": assignment.unit, "date": assignment.deadline, "number": item.suggestion.number}
        if item.overdue:
            note = _("%(unit)s: overdue since %(date)s") % values
        else:
            note = _("%(unit)s: due on %(date)s") % values
        write_event(item.suggestion, Event.REMINDED, None, from_status=item.suggestion.status, note=note)
        _notify_due(item, today)
        fresh.append(item)
    return fresh


def _notify_due(item, today):
    suggestion, assignment = item.suggestion, item.assignment
    values = {
        "number": suggestion.number,
        "title": suggestion.title,
        "unit": assignment.unit,
        "role": assignment.get_role_display(),
        "date": assignment.deadline,
        "basis": assignment.basis_text,
    }
    if item.overdue:
        kind = "suggestion_overdue"
        subject = _("Suggestion %(number)s is overdue") % values
        body = _("%(number)s %(title)s: %(unit)s (%(role)s) was due on %(date)s (%(basis)s).") % values
    else:
        kind = "suggestion_due"
        subject = _("Suggestion %(number)s is due on %(date)s") % values
        body = _("%(number)s %(title)s: %(unit)s (%(role)s) is due on %(date)s (%(basis)s).") % values
    users = list(User.objects.filter(handling_unit=assignment.unit_id, role=User.Role.UNIT, is_active=True))
    if item.overdue:
        users += list(User.objects.filter(role=User.Role.STAFF, is_active=True))
    for user in users:
        notification_schedule(
            user=user,
            kind=kind,
            subject=subject,
            body=body,
            due_at=timezone.now(),
            url=suggestion.get_absolute_url(),
            dedupe_key=f"suggestions:{kind}:{assignment.pk}:{user.pk}:{today}",
        )
