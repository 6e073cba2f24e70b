"""办 and 评: the unit's contact with the deputy, a co-unit's view, the lead unit's reply, the deputy's
evaluation (a second round after 不满意), and a class-B follow-up completed."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions.documents import check_document
from suggestions.models import Assignment, Contact, Document, Evaluation, Reply, Suggestion, SuggestionEvent
from suggestions.services.steps import (
    check_allowed,
    current_assignments,
    handled_together,
    lock_assignment,
    lock_suggestion,
    move,
    write_event,
)
from suggestions.transitions import unit_assignment
from voters.services.steps import opinions_mark_return_visit_due

Status = Suggestion.Status
Event = SuggestionEvent.Kind


@transaction.atomic
def contact_record(*, suggestion, actor, method, contacted_on, note):
    """The unit talked with the deputy; practice requires it before the reply."""
    suggestion = lock_suggestion(suggestion, "contact")
    current = current_assignments(suggestion)
    check_allowed(suggestion, actor, "contact", current)
    assignment = unit_assignment(actor, current)
    if contacted_on > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    contact = Contact.objects.create(
        suggestion=suggestion,
        round=suggestion.round,
        unit=assignment.unit,
        method=method,
        contacted_on=contacted_on,
        note=note,
        recorded_by=actor,
    )
    write_event(
        suggestion,
        Event.CONTACTED,
        actor,
        from_status=suggestion.status,
        note=f"{assignment.unit} · {contact.get_method_display()} · {contacted_on}",
    )
    return contact


@transaction.atomic
def assignment_give_view(*, assignment, actor, view):
    """A co-unit's view reaches the lead unit and the file."""
    suggestion, assignment = lock_assignment(assignment, actor, "view")
    if not view.strip():
        raise ValidationError(_("Write the view."))
    assignment.status = Assignment.Status.ANSWERED
    assignment.view = view
    assignment.answered_at = timezone.now()
    assignment.save(update_fields=["status", "view", "answered_at"])
    write_event(suggestion, Event.VIEW_GIVEN, actor, from_status=suggestion.status, note=str(assignment.unit))
    return assignment


@transaction.atomic
def suggestion_reply(*, suggestion, actor, result_class, text, follow_up_on=None, reason="", documents=()):
    """The lead unit's answer with its result class A/B/C/D; the deputy is asked to evaluate it next."""
    suggestion = lock_suggestion(suggestion, "reply")
    current = current_assignments(suggestion)
    check_allowed(suggestion, actor, "reply", current)
    assignment = unit_assignment(actor, current, [Assignment.Role.LEAD])
    if result_class == Reply.ResultClass.B:
        if follow_up_on is None or follow_up_on <= timezone.localdate():
            raise ValidationError(_("A class-B reply needs the future date it will be solved by."))
    else:
        follow_up_on = None
    if result_class == Reply.ResultClass.C and not reason.strip():
        raise ValidationError(_("A class-C reply needs the reason it cannot be solved for now."))
    if not text.strip():
        raise ValidationError(_("Write the reply."))
    checked = [(upload, check_document(upload)) for upload in documents]
    now = timezone.now()
    fields = {
        "result_class": result_class,
        "text": text,
        "follow_up_on": follow_up_on,
        "reason": reason,
        "replied_by": actor,
        "unit": assignment.unit,
        "created_at": now,
    }
    reply = Reply.objects.create(suggestion=suggestion, round=suggestion.round, **fields)
    for upload, content_type in checked:
        Document.objects.create(
            reply=reply, file=upload, name=upload.name[:200], content_type=content_type, size=upload.size
        )
    assignment.status = Assignment.Status.ANSWERED
    assignment.answered_at = now
    assignment.save(update_fields=["status", "answered_at"])
    note = str(reply.get_result_class_display())
    for member in handled_together(suggestion, Status.ASSIGNED):
        shared = Reply.objects.create(suggestion=member, round=member.round, **fields)
        for document in reply.documents.all():
            Document.objects.create(
                reply=shared,
                file=document.file.name,
                name=document.name,
                content_type=document.content_type,
                size=document.size,
            )
        move(
            member,
            Status.REPLIED,
            Event.REPLIED,
            actor,
            note,
            replied_at=now,
            due_on=None,
            result_class=result_class,
        )
    return move(
        suggestion,
        Status.REPLIED,
        Event.REPLIED,
        actor,
        note,
        replied_at=now,
        due_on=None,
        result_class=result_class,
    )


# ---------------------------------------------------------------------------------------------------------
# 评 Evaluate


def _reassigns(suggestion, rating):
    if rating == Suggestion.Rating.UNSATISFIED:
        return True
    # The policy in force when it was submitted (liaison/policies), not today's.
    return rating == Suggestion.Rating.BASICALLY and suggestion.basically_satisfied_reassigns


@transaction.atomic
def suggestion_evaluate(*, suggestion, actor, rating, comment=""):
    """The deputy's evaluation (or one staff took down in person). 不满意 (and, by policy, 基本满意) sends the
    suggestion to a second round; otherwise it is completed, or stays open for a class-B follow-up."""
    suggestion = lock_suggestion(suggestion, "evaluate")
    check_allowed(suggestion, actor, "evaluate")
    if rating not in Suggestion.Rating.values:
        raise ValidationError(_("Choose an evaluation."))
    reply = suggestion.replies.get(round=suggestion.round)
    in_person = not actor.is_deputy
    Evaluation.objects.create(
        suggestion=suggestion,
        round=suggestion.round,
        reply=reply,
        rating=rating,
        comment=comment,
        recorded_by=actor,
        in_person=in_person,
    )
    label = Suggestion.Rating(rating).label
    note = f"{label} {comment}".strip()
    if in_person:
        note = _("Given in person: %(note)s") % {"note": note}
    evaluated_round = suggestion.round
    suggestion.rating = rating
    suggestion.evaluated_at = timezone.now()
    if _reassigns(suggestion, rating) and suggestion.round < settings.SUGGESTION_MAX_ROUNDS:
        # 二次交办 (seed 002): a new round with its own assignment, reply and evaluation.
        move(suggestion, Status.REGISTERED, Event.EVALUATED, actor, note)
        suggestion.round = evaluated_round + 1
        suggestion.merged_into = None
        suggestion.due_on = None
        suggestion.save()
        write_event(suggestion, Event.REASSIGN_DUE, actor, from_status=Status.REPLIED)
        return suggestion
    if (
        reply.result_class == Reply.ResultClass.B
        and reply.follow_up_on
        and reply.follow_up_on > timezone.localdate()
    ):
        return move(suggestion, Status.FOLLOW_UP, Event.EVALUATED, actor, note, due_on=reply.follow_up_on)
    move(suggestion, Status.REPLIED, Event.EVALUATED, actor, note)
    return _close(suggestion, actor)


def _close(suggestion, actor, note=""):
    suggestion = move(
        suggestion, Status.CLOSED, Event.CLOSED, actor, note, closed_at=timezone.now(), due_on=None
    )
    # 群众点单、代表定单 (seed 003): the voters whose opinions it grew from hear back (回访).
    opinions_mark_return_visit_due(
        opinions=suggestion.source_opinions.all(), actor=actor, suggestion=suggestion
    )
    return suggestion


@transaction.atomic
def suggestion_follow_up_complete(*, suggestion, actor, note=""):
    """A class-B item is completed when what was planned is done."""
    suggestion = lock_suggestion(suggestion, "follow_up")
    check_allowed(suggestion, actor, "follow_up", current_assignments(suggestion))
    if not note.strip():
        raise ValidationError(_("Say what was done."))
    write_event(suggestion, Event.FOLLOWED_UP, actor, from_status=suggestion.status, note=note)
    return _close(suggestion, actor)
