"""What every step of the loop shares: the rows locked, the tables of `suggestions.transitions` checked,
the event written.

A step locks the suggestion row so that of two people acting at once one succeeds and the other is told
what happened, checks its state opens the step and the actor may take it, and writes an event. A refused
step raises ActionRefused."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.transitions import (
    ASSIGNMENT_STEPS,
    HANDLING,
    STEP_LABELS,
    SUGGESTION_STEPS,
    assignment_refusal,
    suggestion_refusal,
)


def lock_suggestion(suggestion, step):
    """The suggestion row, locked for this transaction, after checking its state opens `step`.
    When someone else moved it first, say who and when."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if step not in SUGGESTION_STEPS[locked.status]:
        raise ActionRefused(_state_message(locked, STEP_LABELS[step]))
    return locked


def check_allowed(suggestion, actor, step, assignments=()):
    reason = suggestion_refusal(suggestion, actor, step, assignments)
    if reason is not None:
        raise ActionRefused(reason)


def current_assignments(suggestion):
    """The assignments of the suggestion's current round, re-routed ones left out."""
    return list(
        suggestion.assignments.filter(round=suggestion.round)
        .exclude(status=Assignment.Status.WITHDRAWN)
        .select_related("unit")
    )


def _state_message(suggestion, action):
    last = suggestion.events.select_related("actor").order_by("-at", "-pk").first()
    message = _("“%(action)s” cannot be done: the suggestion is now “%(status)s”.") % {
        "action": action,
        "status": suggestion.get_status_display(),
    }
    if last is not None and last.actor is not None:
        message += " " + _("Last step: %(event)s by %(actor)s at %(at)s.") % {
            "event": last.get_kind_display(),
            "actor": last.actor,
            "at": date_format(last.at, "SHORT_DATETIME_FORMAT"),
        }
    return message


def write_event(suggestion, kind, actor, *, from_status="", note=""):
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=kind,
        actor=actor,
        round=suggestion.round,
        from_status=from_status,
        to_status=suggestion.status,
        note=note,
    )


def move(suggestion, to_status, kind, actor, note="", **fields):
    from_status = suggestion.status
    suggestion.status = to_status
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.save()
    write_event(suggestion, kind, actor, from_status=from_status, note=note)
    return suggestion


def handled_together(main, status):
    """The suggestions handled together with `main` (并案) that follow it in this step."""
    return list(
        Suggestion.objects.select_for_update().filter(merged_into=main, status=status, round=main.round)
    )


def lock_assignment(assignment, actor, step):
    """The suggestion and the assignment rows, locked, after checking the tables open `step` and the actor
    may take it."""
    suggestion = Suggestion.objects.select_for_update().get(pk=assignment.suggestion_id)
    if suggestion.status != HANDLING:
        raise ActionRefused(_state_message(suggestion, STEP_LABELS[step]))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    assignment.suggestion = suggestion
    if assignment.round != suggestion.round or step not in ASSIGNMENT_STEPS[assignment.status]:
        raise ActionRefused(
            _("“%(action)s” cannot be done: this assignment is now “%(status)s”.")
            % {"action": STEP_LABELS[step], "status": assignment.get_status_display()}
        )
    reason = assignment_refusal(assignment, actor, step)
    if reason is not None:
        raise ActionRefused(reason)
    return suggestion, assignment
