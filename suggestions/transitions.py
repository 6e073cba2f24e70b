"""What can be done with a suggestion and with each of its assignments: one table each (提、交、办、督、评).

A table says which steps each state opens. Who may take a step (the role, the unit) and the few rules beyond
the state (the round, the group handled together, the return window, an extension already asked for) are
in `suggestion_refusal` and `assignment_refusal`. The services refuse a step with the reason these give; the
suggestion page offers the steps `suggestion_actions` and `assignment_actions` return, so a button is shown
when the step would be taken."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.selectors import deputies_visible_to
from liaison.core.access import ONLY_COMMITTEE_STAFF
from liaison.core.errors import ActionRefused
from suggestions.models import Assignment, Consultation, Suggestion

Status = Suggestion.Status
Work = Assignment.Status
Role = Assignment.Role

SUPERVISION = {"key", "supervise"}  # 督: while the suggestion is open, whatever its step

# The steps each state of a suggestion opens; the arrow is where the step leads.
SUGGESTION_STEPS = {
    Status.DRAFT: {"edit", "submit"},  # submit → SUBMITTED
    Status.SUBMITTED: {"register", "reject", *SUPERVISION},  # → REGISTERED, or REJECTED
    Status.REGISTERED: {"assign", "merge", *SUPERVISION},  # assign → ASSIGNED
    Status.ASSIGNED: {"contact", "reply", "letter", *SUPERVISION},  # reply → REPLIED
    # evaluate → CLOSED; FOLLOW_UP for a class-B reply; REGISTERED in a second round after 不满意
    Status.REPLIED: {"evaluate", *SUPERVISION},
    Status.FOLLOW_UP: {"follow_up", *SUPERVISION},  # → CLOSED
    Status.CLOSED: set(),
    Status.REJECTED: set(),
}
OPEN = frozenset(status for status, steps in SUGGESTION_STEPS.items() if steps >= SUPERVISION)

# An assignment's steps are open while its suggestion is being handled, and only in the current round.
HANDLING = Status.ASSIGNED
ASSIGNMENT_STEPS = {
    Work.ASSIGNED: {"accept", "return", "extension", "view", "extension_decide"},  # accept → ACCEPTED
    Work.ACCEPTED: {"return", "extension", "view", "extension_decide"},  # return → RETURN_ASKED
    # return_decide → WITHDRAWN (and a new assignment), or back to ASSIGNED / ACCEPTED
    Work.RETURN_ASKED: {"return_decide", "extension_decide"},
    Work.ANSWERED: set(),  # the lead unit's reply or the co-unit's view
    Work.WITHDRAWN: set(),
}

STEP_LABELS = {
    "edit": gettext_lazy("Edit"),
    "submit": gettext_lazy("Submit"),
    "register": gettext_lazy("Register"),
    "reject": gettext_lazy("Turn down"),
    "merge": gettext_lazy("Handle together"),
    "assign": gettext_lazy("Assign"),
    "contact": gettext_lazy("Record contact"),
    "reply": gettext_lazy("Reply"),
    "evaluate": gettext_lazy("Evaluate"),
    "follow_up": gettext_lazy("Complete the follow-up"),
    "key": gettext_lazy("Key supervision"),
    "supervise": gettext_lazy("Record supervision"),
    "accept": gettext_lazy("Accept"),
    "return": gettext_lazy("Return"),
    "return_decide": gettext_lazy("Decide on the return"),
    "extension": gettext_lazy("Ask for an extension"),
    "extension_decide": gettext_lazy("Decide on the extension"),
    "view": gettext_lazy("Give the view"),
}

STAFF_STEPS = {"register", "reject", "merge", "assign", "letter", *SUPERVISION}


# ---------------------------------------------------------------------------------------------------------
# Who may do what


def may_write_for(user, deputy):
    """A deputy writes their own suggestions; an officer writes for the deputies at their stations; staff
    for any deputy of their jurisdiction (e.g. the suggestions handed in on paper during the session)."""
    if user.sees_everything:
        return True
    if user.is_deputy:
        return deputy.user_id == user.pk
    if user.is_officer or user.is_committee_staff:
        return deputies_visible_to(user).filter(pk=deputy.pk).exists()
    return False


def may_evaluate(user, suggestion):
    """The lead deputy evaluates; staff record an evaluation the deputy gave them in person. Never the unit."""
    if user.is_committee_staff:
        return True
    return user.is_deputy and suggestion.lead_deputy.user_id == user.pk


def is_unit_of(user, assignment):
    return user.is_unit_user and user.handling_unit_id == assignment.unit_id


def unit_assignment(user, assignments, roles=(Role.LEAD, Role.CO)):
    """The user's unit's active assignment among `assignments` (the current round's), or None."""
    if not user.is_unit_user:
        return None
    return next(
        (a for a in assignments if a.unit_id == user.handling_unit_id and a.role in roles and a.is_active),
        None,
    )


# ---------------------------------------------------------------------------------------------------------
# The rules beyond the state


def suggestion_refusal(suggestion, user, step, assignments=()):
    """Why `user` may not take `step`, a step the table opens in the suggestion's state; None when they may.
    `assignments` are the suggestion's assignments of the current round, re-routed ones left out."""
    if step in {"edit", "submit"}:
        if not may_write_for(user, suggestion.lead_deputy):
            if step == "edit":
                return _("You may not change this draft.")
            return _("You may not submit this suggestion.")
    elif step in STAFF_STEPS:
        if not user.is_committee_staff:
            return ONLY_COMMITTEE_STAFF
        if step == "assign" and suggestion.merged_into_id:
            return _("This suggestion is handled together with %(number)s: assign that one.") % {
                "number": suggestion.merged_into.number
            }
        if step == "merge" and (suggestion.merged_into_id or suggestion.round != 1):
            return _("Only a registered first-round suggestion can lead a group handled together.")
    elif step == "evaluate":
        if not may_evaluate(user, suggestion):
            return _("Only the deputy, or committee staff on the deputy's word, may evaluate.")
    elif step in {"contact", "reply"}:
        mine = unit_assignment(user, assignments, (Role.LEAD,) if step == "reply" else (Role.LEAD, Role.CO))
        if mine is None and step == "reply":
            return _("Only the lead unit may reply.")
        if mine is None:
            return _("Only a unit handling this suggestion may record its contact with the deputy.")
        if mine.status != Work.ACCEPTED:
            return _("Accept the suggestion first (or wait for the decision on its return).")
        # Reply is offered only once it can be accepted: a reply typed in vain is work thrown away.
        if (
            step == "reply"
            and not suggestion.contacts.filter(round=suggestion.round, unit=mine.unit_id).exists()
        ):
            return _("Record your contact with the deputy before replying.")
    elif step == "follow_up":
        lead = user.is_unit_user and any(
            a.role == Role.LEAD and a.unit_id == user.handling_unit_id for a in assignments
        )
        if not (user.is_committee_staff or lead):
            return _("Only the lead unit or committee staff may complete the follow-up.")
    return None


def assignment_refusal(assignment, user, step):
    """Why `user` may not take `step`, a step the table opens in the assignment's state; None when they may."""
    if step in {"return_decide", "extension_decide"}:
        if not user.is_committee_staff:
            return ONLY_COMMITTEE_STAFF
        if step == "extension_decide" and assignment.extension != Assignment.Extension.ASKED:
            return _("No extension is waiting for a decision.")
        return None
    if not is_unit_of(user, assignment):
        return _("Only the unit this was assigned to may do this.")
    if step == "extension":
        if assignment.role != Role.LEAD:
            return _("Only the lead unit may ask for an extension.")
        if assignment.extension == Assignment.Extension.ASKED:
            return _("An extension has already been asked for.")
    if step == "view" and assignment.role != Role.CO:
        return _("Only a co-unit gives a view; the lead unit replies.")
    if step == "return" and timezone.localdate() > assignment.return_by:
        return _("The time to return it ended on %(date)s; ask the committee staff instead.") % {
            "date": assignment.return_by
        }
    return None


# ---------------------------------------------------------------------------------------------------------
# What the page offers


def suggestion_actions(suggestion, user, assignments=()):
    """The steps `user` may take with `suggestion` now (the buttons of its page)."""
    return {
        step
        for step in SUGGESTION_STEPS[suggestion.status]
        if suggestion_refusal(suggestion, user, step, assignments) is None
    }


def assignment_in_play(assignment, suggestion):
    """Whether the table's steps apply to `assignment` at all: its suggestion is being handled, in its round."""
    return suggestion.status == HANDLING and assignment.round == suggestion.round


def assignment_actions(assignment, user):
    """The steps `user` may take with `assignment` now (the buttons beside it on the suggestion's page)."""
    if not assignment_in_play(assignment, assignment.suggestion):
        return set()
    return {
        step
        for step in ASSIGNMENT_STEPS[assignment.status]
        if assignment_refusal(assignment, user, step) is None
    }


# The monthly consultation (会商, seed 001): its agenda may be drawn again until the meeting's decisions are
# applied, once, at or after the meeting; attendance and minutes are its activity's, once it has begun.
CONSULTATION_STEPS = {
    Consultation.Status.DRAWN: {"redraw", "decide"},  # decide → DECIDED
    Consultation.Status.DECIDED: set(),
}
AFTER_START = {"decide", "attendance", "minutes"}


def consultation_actions(consultation):
    begun = consultation.activity.starts_at <= timezone.now()
    steps = CONSULTATION_STEPS[consultation.status] | {"attendance", "minutes"}
    return {step for step in steps if begun or step not in AFTER_START}


def consultation_check(consultation, step):
    if step in consultation_actions(consultation):
        return
    if step in AFTER_START and consultation.activity.starts_at > timezone.now():
        raise ActionRefused(_("The meeting has not begun yet."))
    raise ActionRefused(
        _("This meeting is “%(status)s”: its agenda and decisions cannot be changed any more.")
        % {"status": consultation.get_status_display()}
    )
