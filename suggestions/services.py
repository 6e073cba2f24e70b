"""State changes of the closed loop 提、交、办、督、评, one function each.

Every function checks who may act and in which state (against the tables of `suggestions.transitions`),
runs in one transaction, locks the suggestion row so that of two people acting at once one succeeds and the
other is told what happened, and writes an event. A refused step raises ActionRefused."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.models import User
from liaison.notifications.services import notification_schedule
from suggestions import clock
from suggestions.documents import check_document
from suggestions.models import (
    Assignment,
    Contact,
    Document,
    Evaluation,
    NumberCounter,
    Reply,
    Suggestion,
    SuggestionEvent,
    SupervisionAction,
)
from suggestions.rates import assignment_open_q, assignments_flagged
from suggestions.transitions import (
    ASSIGNMENT_STEPS,
    HANDLING,
    STEP_LABELS,
    SUGGESTION_STEPS,
    assignment_refusal,
    may_write_for,
    suggestion_refusal,
    unit_assignment,
)
from voters.models import Route
from voters.services.steps import opinion_triage, opinions_mark_return_visit_due

Status = Suggestion.Status
Event = SuggestionEvent.Kind


# ---------------------------------------------------------------------------------------------------------
# Locking, checking and events


def _lock(suggestion, step):
    """The suggestion row, locked for this transaction, after checking its state opens `step`.
    When someone else moved it first, say who and when."""
    locked = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if step not in SUGGESTION_STEPS[locked.status]:
        raise ActionRefused(_state_message(locked, STEP_LABELS[step]))
    return locked


def _allow(suggestion, actor, step, assignments=()):
    reason = suggestion_refusal(suggestion, actor, step, assignments)
    if reason is not None:
        raise ActionRefused(reason)


def _current(suggestion):
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


def _event(suggestion, kind, actor, *, from_status="", note=""):
    return SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=kind,
        actor=actor,
        at=clock.now(),
        round=suggestion.round,
        from_status=from_status,
        to_status=suggestion.status,
        note=note,
    )


def _move(suggestion, to_status, kind, actor, note="", **fields):
    from_status = suggestion.status
    suggestion.status = to_status
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.save()
    _event(suggestion, kind, actor, from_status=from_status, note=note)
    return suggestion


def _members(main, status):
    """The suggestions handled together with `main` (并案) that follow it in this step."""
    return list(
        Suggestion.objects.select_for_update().filter(merged_into=main, status=status, round=main.round)
    )


# ---------------------------------------------------------------------------------------------------------
# 提 Propose


def _check_deputies(actor, lead_deputy, joint_deputies):
    if not may_write_for(actor, lead_deputy):
        raise ActionRefused(_("You may not write a suggestion for this deputy."))
    if any(deputy.pk == lead_deputy.pk for deputy in joint_deputies):
        raise ValidationError(_("The lead deputy cannot also be a joint deputy."))


@transaction.atomic
def suggestion_save_draft(
    *,
    actor,
    lead_deputy,
    title,
    content,
    category,
    kind=Suggestion.Kind.SUGGESTION,
    period=Suggestion.Period.BETWEEN,
    joint_deputies=(),
    suggestion=None,
):
    """Create a draft, or change one that has not been submitted yet."""
    joint_deputies = list(joint_deputies)
    _check_deputies(actor, lead_deputy, joint_deputies)
    fields = {
        "lead_deputy": lead_deputy,
        "title": title,
        "content": content,
        "category": category,
        "kind": kind,
        "period": period,
    }
    if suggestion is None:
        suggestion = Suggestion(created_by=actor, status=Status.DRAFT, **fields)
        suggestion.full_clean()
        suggestion.save()
        _event(suggestion, Event.CREATED, actor)
    else:
        suggestion = _lock(suggestion, "edit")
        _allow(suggestion, actor, "edit")
        for name, value in fields.items():
            setattr(suggestion, name, value)
        suggestion.full_clean()
        suggestion.save()
        _event(suggestion, Event.EDITED, actor)
    suggestion.joint_deputies.set(joint_deputies)
    return suggestion


def _next_number(year):
    counter, _created = NumberCounter.objects.get_or_create(year=year)
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def suggestion_submit(*, suggestion, actor):
    """Hand the draft in; it gets the year's next number (2026-017)."""
    suggestion = _lock(suggestion, "submit")
    _allow(suggestion, actor, "submit")
    now = clock.now()
    year = clock.today().year
    sequence = _next_number(year)
    return _move(
        suggestion,
        Status.SUBMITTED,
        Event.SUBMITTED,
        actor,
        year=year,
        sequence=sequence,
        number=f"{year}-{sequence:03d}",
        submitted_at=now,
    )


@transaction.atomic
def suggestion_register(*, suggestion, actor, note=""):
    """立案."""
    suggestion = _lock(suggestion, "register")
    _allow(suggestion, actor, "register")
    return _move(suggestion, Status.REGISTERED, Event.REGISTERED, actor, note, registered_at=clock.now())


@transaction.atomic
def suggestion_reject(*, suggestion, actor, reason):
    """Turn a suggestion down (不予立案) with a reason the deputy sees."""
    suggestion = _lock(suggestion, "reject")
    _allow(suggestion, actor, "reject")
    if not reason.strip():
        raise ValidationError(_("Give the reason: the deputy will read it."))
    return _move(suggestion, Status.REJECTED, Event.REJECTED, actor, reason, rejection_reason=reason)


@transaction.atomic
def suggestion_merge(*, main, others, actor, note=""):
    """并案办理: handle several suggestions of the same content once; every deputy still gets the answer and
    evaluates it."""
    main = _lock(main, "merge")
    _allow(main, actor, "merge")
    merged = []
    for other in others:
        if other.pk == main.pk:
            continue
        other = _lock(other, "merge")
        if other.round != 1 or other.merged_into_id or other.merged.exists():
            raise ActionRefused(
                _("%(number)s is already handled together with others or is in a second round.")
                % {"number": other.number}
            )
        other.merged_into = main
        other.save(update_fields=["merged_into", "updated_at"])
        _event(other, Event.MERGED, actor, from_status=other.status, note=f"{main.number} {note}".strip())
        merged.append(other)
    if not merged:
        raise ValidationError(_("Choose at least one other suggestion."))
    _event(
        main,
        Event.MERGED,
        actor,
        from_status=main.status,
        note=" ".join([*(other.number for other in merged), note]).strip(),
    )
    return main


# ---------------------------------------------------------------------------------------------------------
# 交 Assign


def _new_assignment(suggestion, unit, role, deadline, basis, actor):
    assigned_on = clock.today()
    assignment = Assignment.objects.create(
        suggestion=suggestion,
        round=suggestion.round,
        unit=unit,
        role=role,
        assigned_on=assigned_on,
        deadline=deadline,
        basis=basis,
        return_by=clock.return_deadline(assigned_on),
        created_at=clock.now(),
    )
    return assignment


def legal_deadline(role, round_number, assigned_on=None):
    assigned_on = assigned_on or clock.today()
    if role == Assignment.Role.CO:
        return clock.co_view_deadline(assigned_on), Assignment.Basis.CO_VIEW
    if round_number > 1:
        return clock.reply_deadline(assigned_on, round_number), Assignment.Basis.SECOND_ROUND
    return clock.reply_deadline(assigned_on), Assignment.Basis.REPLY


def _deadline(role, round_number, wanted):
    limit, basis = legal_deadline(role, round_number)
    if wanted is None or wanted == limit:
        return limit, basis
    if wanted > limit:
        raise ValidationError(
            _("The deadline cannot be after the statutory limit of %(limit)s.") % {"limit": limit}
        )
    if wanted <= clock.today():
        raise ValidationError(_("The deadline must be in the future."))
    return wanted, Assignment.Basis.SET_BY_STAFF


@transaction.atomic
def suggestion_assign(*, suggestion, actor, lead_unit, deadline=None, co_units=(), co_deadline=None, note=""):
    """交办 to a lead unit and any co-units, each with a deadline no later than the statutory one."""
    suggestion = _lock(suggestion, "assign")
    _allow(suggestion, actor, "assign")
    co_units = [unit for unit in co_units if unit.pk != lead_unit.pk]
    lead_deadline, lead_basis = _deadline(Assignment.Role.LEAD, suggestion.round, deadline)
    co_deadline, co_basis = _deadline(Assignment.Role.CO, suggestion.round, co_deadline)
    co_deadline = min(co_deadline, lead_deadline)
    _new_assignment(suggestion, lead_unit, Assignment.Role.LEAD, lead_deadline, lead_basis, actor)
    for unit in co_units:
        _new_assignment(suggestion, unit, Assignment.Role.CO, co_deadline, co_basis, actor)
    units = "、".join([lead_unit.name, *(unit.name for unit in co_units)])
    note = f"{units} {note}".strip()
    fields = {"lead_unit": lead_unit, "due_on": lead_deadline, "assigned_at": clock.now()}
    for member in _members(suggestion, Status.REGISTERED):
        _move(member, Status.ASSIGNED, Event.ASSIGNED, actor, note, **fields)
    return _move(suggestion, Status.ASSIGNED, Event.ASSIGNED, actor, note, **fields)


def _lock_assignment(assignment, actor, step):
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


@transaction.atomic
def assignment_accept(*, assignment, actor):
    suggestion, assignment = _lock_assignment(assignment, actor, "accept")
    assignment.status = Assignment.Status.ACCEPTED
    assignment.accepted_at = clock.now()
    assignment.save(update_fields=["status", "accepted_at"])
    _event(suggestion, Event.ACCEPTED, actor, from_status=suggestion.status, note=assignment.unit.name)
    return assignment


@transaction.atomic
def assignment_return(*, assignment, actor, reason):
    """A unit that thinks it was wrongly assigned gives the item back, within the set working days."""
    suggestion, assignment = _lock_assignment(assignment, actor, "return")
    if not reason.strip():
        raise ValidationError(_("Say why it is not your unit's matter."))
    assignment.status = Assignment.Status.RETURN_ASKED
    assignment.return_reason = reason
    assignment.save(update_fields=["status", "return_reason"])
    _event(
        suggestion,
        Event.RETURN_ASKED,
        actor,
        from_status=suggestion.status,
        note=f"{assignment.unit}：{reason}",
    )
    return assignment


@transaction.atomic
def assignment_return_decide(*, assignment, actor, approve, new_unit=None, deadline=None, note=""):
    """Staff decide on a return: refuse it (the unit keeps the item), or approve and re-route it."""
    suggestion, assignment = _lock_assignment(assignment, actor, "return_decide")
    if not approve:
        assignment.status = (
            Assignment.Status.ACCEPTED if assignment.accepted_at else Assignment.Status.ASSIGNED
        )
        assignment.save(update_fields=["status"])
        _event(suggestion, Event.RETURN_REFUSED, actor, from_status=suggestion.status, note=note)
        return assignment
    if assignment.role == Assignment.Role.LEAD and new_unit is None:
        raise ValidationError(_("Choose the unit that leads from now on."))
    if new_unit is not None and new_unit.pk == assignment.unit_id:
        raise ValidationError(_("Choose another unit."))
    assignment.status = Assignment.Status.WITHDRAWN
    assignment.save(update_fields=["status"])
    names = str(assignment.unit)
    fields = {}
    if new_unit is not None:
        new_deadline, basis = _deadline(assignment.role, suggestion.round, deadline)
        _new_assignment(suggestion, new_unit, assignment.role, new_deadline, basis, actor)
        names = f"{assignment.unit} → {new_unit}"
        if assignment.role == Assignment.Role.LEAD:
            fields = {"lead_unit": new_unit, "due_on": new_deadline}
            for member in _members(suggestion, Status.ASSIGNED):
                member.lead_unit, member.due_on = new_unit, new_deadline
                member.save(update_fields=["lead_unit", "due_on", "updated_at"])
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.save()
    _event(
        suggestion,
        Event.RETURN_APPROVED,
        actor,
        from_status=suggestion.status,
        note=f"{names} {note}".strip(),
    )
    return assignment


@transaction.atomic
def assignment_extension_ask(*, assignment, actor, until, reason):
    """A complex case: the lead unit asks for more time, up to the statutory maximum."""
    suggestion, assignment = _lock_assignment(assignment, actor, "extension")
    limit = clock.extension_limit(assignment.assigned_on)
    if until <= assignment.deadline or until > limit:
        raise ValidationError(
            _("The new date must be after %(deadline)s and no later than %(limit)s.")
            % {"deadline": assignment.deadline, "limit": limit}
        )
    if not reason.strip():
        raise ValidationError(_("Say why the case needs more time."))
    assignment.extension = Assignment.Extension.ASKED
    assignment.extension_until = until
    assignment.extension_reason = reason
    assignment.save(update_fields=["extension", "extension_until", "extension_reason"])
    _event(suggestion, Event.EXTENSION_ASKED, actor, from_status=suggestion.status, note=f"{until}：{reason}")
    return assignment


@transaction.atomic
def assignment_extension_decide(*, assignment, actor, approve, note=""):
    suggestion, assignment = _lock_assignment(assignment, actor, "extension_decide")
    if approve:
        assignment.extension = Assignment.Extension.APPROVED
        assignment.deadline = assignment.extension_until
        assignment.basis = Assignment.Basis.EXTENDED
        suggestion.due_on = assignment.deadline
        suggestion.save()
        for member in _members(suggestion, Status.ASSIGNED):
            member.due_on = assignment.deadline
            member.save(update_fields=["due_on", "updated_at"])
        kind = Event.EXTENSION_APPROVED
    else:
        assignment.extension = Assignment.Extension.REFUSED
        kind = Event.EXTENSION_REFUSED
    assignment.save(update_fields=["extension", "deadline", "basis"])
    _event(suggestion, kind, actor, from_status=suggestion.status, note=note)
    return assignment


# ---------------------------------------------------------------------------------------------------------
# 办 Handle


@transaction.atomic
def contact_record(*, suggestion, actor, method, contacted_on, note):
    """The unit talked with the deputy; practice requires it before the reply."""
    suggestion = _lock(suggestion, "contact")
    current = _current(suggestion)
    _allow(suggestion, actor, "contact", current)
    assignment = unit_assignment(actor, current)
    if contacted_on > clock.today():
        raise ValidationError(_("The date cannot be in the future."))
    contact = Contact.objects.create(
        suggestion=suggestion,
        round=suggestion.round,
        unit=assignment.unit,
        method=method,
        contacted_on=contacted_on,
        note=note,
        recorded_by=actor,
        created_at=clock.now(),
    )
    _event(
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
    suggestion, assignment = _lock_assignment(assignment, actor, "view")
    if not view.strip():
        raise ValidationError(_("Write the view."))
    assignment.status = Assignment.Status.ANSWERED
    assignment.view = view
    assignment.answered_at = clock.now()
    assignment.save(update_fields=["status", "view", "answered_at"])
    _event(suggestion, Event.VIEW_GIVEN, actor, from_status=suggestion.status, note=str(assignment.unit))
    return assignment


@transaction.atomic
def suggestion_reply(*, suggestion, actor, result_class, text, follow_up_on=None, reason="", documents=()):
    """The lead unit's answer with its result class A/B/C/D; the deputy is asked to evaluate it next."""
    suggestion = _lock(suggestion, "reply")
    current = _current(suggestion)
    _allow(suggestion, actor, "reply", current)
    assignment = unit_assignment(actor, current, [Assignment.Role.LEAD])
    if not suggestion.contacts.filter(round=suggestion.round, unit=assignment.unit_id).exists():
        raise ActionRefused(_("Record your contact with the deputy before replying."))
    if result_class == Reply.ResultClass.B:
        if follow_up_on is None or follow_up_on <= clock.today():
            raise ValidationError(_("A class-B reply needs the future date it will be solved by."))
    else:
        follow_up_on = None
    if result_class == Reply.ResultClass.C and not reason.strip():
        raise ValidationError(_("A class-C reply needs the reason it cannot be solved for now."))
    if not text.strip():
        raise ValidationError(_("Write the reply."))
    checked = [(upload, check_document(upload)) for upload in documents]
    now = clock.now()
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
    for member in _members(suggestion, Status.ASSIGNED):
        shared = Reply.objects.create(suggestion=member, round=member.round, **fields)
        for document in reply.documents.all():
            Document.objects.create(
                reply=shared,
                file=document.file.name,
                name=document.name,
                content_type=document.content_type,
                size=document.size,
            )
        _move(
            member,
            Status.REPLIED,
            Event.REPLIED,
            actor,
            note,
            replied_at=now,
            due_on=None,
            result_class=result_class,
        )
    return _move(
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


def _reassigns(rating):
    if rating == Suggestion.Rating.UNSATISFIED:
        return True
    return rating == Suggestion.Rating.BASICALLY and settings.SUGGESTION_BASICALLY_SATISFIED_REASSIGNS


@transaction.atomic
def suggestion_evaluate(*, suggestion, actor, rating, comment=""):
    """The deputy's evaluation (or one staff took down in person). 不满意 (and, by policy, 基本满意) sends the
    suggestion to a second round; otherwise it is completed, or stays open for a class-B follow-up."""
    suggestion = _lock(suggestion, "evaluate")
    _allow(suggestion, actor, "evaluate")
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
        created_at=clock.now(),
    )
    label = Suggestion.Rating(rating).label
    note = f"{label} {comment}".strip()
    if in_person:
        note = _("Given in person: %(note)s") % {"note": note}
    evaluated_round = suggestion.round
    suggestion.rating = rating
    suggestion.evaluated_at = clock.now()
    if _reassigns(rating) and suggestion.round < settings.SUGGESTION_MAX_ROUNDS:
        # 二次交办 (seed 002): a new round with its own assignment, reply and evaluation.
        _move(suggestion, Status.REGISTERED, Event.EVALUATED, actor, note)
        suggestion.round = evaluated_round + 1
        suggestion.merged_into = None
        suggestion.due_on = None
        suggestion.save()
        _event(suggestion, Event.REASSIGN_DUE, actor, from_status=Status.REPLIED)
        return suggestion
    if (
        reply.result_class == Reply.ResultClass.B
        and reply.follow_up_on
        and reply.follow_up_on > clock.today()
    ):
        return _move(suggestion, Status.FOLLOW_UP, Event.EVALUATED, actor, note, due_on=reply.follow_up_on)
    _move(suggestion, Status.REPLIED, Event.EVALUATED, actor, note)
    return _close(suggestion, actor)


def _close(suggestion, actor, note=""):
    suggestion = _move(
        suggestion, Status.CLOSED, Event.CLOSED, actor, note, closed_at=clock.now(), due_on=None
    )
    # 群众点单、代表定单 (seed 003): the voters whose opinions it grew from hear back (回访).
    opinions_mark_return_visit_due(
        opinions=suggestion.source_opinions.all(), actor=actor, suggestion=suggestion
    )
    return suggestion


@transaction.atomic
def suggestion_follow_up_complete(*, suggestion, actor, note=""):
    """A class-B item is completed when what was planned is done."""
    suggestion = _lock(suggestion, "follow_up")
    _allow(suggestion, actor, "follow_up", _current(suggestion))
    if not note.strip():
        raise ValidationError(_("Say what was done."))
    _event(suggestion, Event.FOLLOWED_UP, actor, from_status=suggestion.status, note=note)
    return _close(suggestion, actor)


# ---------------------------------------------------------------------------------------------------------
# 督 Supervise


@transaction.atomic
def suggestion_mark_key(*, suggestion, actor, is_key, leader=""):
    """重点督办 with the leader who supervises it."""
    suggestion = _lock(suggestion, "key")
    _allow(suggestion, actor, "key")
    if is_key and not leader.strip():
        raise ValidationError(_("Name the leader who supervises it."))
    suggestion.is_key = is_key
    suggestion.supervising_leader = leader if is_key else ""
    suggestion.save()
    kind = Event.KEY_MARKED if is_key else Event.KEY_UNMARKED
    _event(suggestion, kind, actor, from_status=suggestion.status, note=leader)
    return suggestion


@transaction.atomic
def supervision_record(*, suggestion, actor, kind, happened_on, note=""):
    suggestion = _lock(suggestion, "supervise")
    _allow(suggestion, actor, "supervise")
    action = SupervisionAction.objects.create(
        suggestion=suggestion,
        kind=kind,
        happened_on=happened_on,
        note=note,
        recorded_by=actor,
        created_at=clock.now(),
    )
    _event(
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
    today = today or clock.today()
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
    today = today or clock.today()
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
        _event(item.suggestion, Event.REMINDED, None, from_status=item.suggestion.status, note=note)
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
            due_at=clock.now(),
            url=suggestion.get_absolute_url(),
            dedupe_key=f"suggestions:{kind}:{assignment.pk}:{user.pk}:{today}",
        )


# ---------------------------------------------------------------------------------------------------------
# Voter opinions (voters app)


@transaction.atomic
def suggestion_from_opinions(*, opinions, lead_deputy, actor, note="", **triage):
    """群众点单、代表定单 (seed 003): voters' opinions on one matter become one draft suggestion of `lead_deputy`
    (for a single opinion, its receiving deputy when none is chosen), for the deputy to finish. Each opinion
    is triaged to the suggestion route, its timeline naming the draft; `triage` is the rest of the triage
    form (category, reply...), recorded on each opinion as opinion_triage takes it."""
    opinions = list(opinions)
    if not opinions:
        raise ValidationError(_("Choose at least one opinion."))
    if lead_deputy is None and len(opinions) == 1:
        lead_deputy = opinions[0].deputy
    if lead_deputy is None:
        raise ValidationError({"lead_deputy": _("Choose the deputy who will raise the suggestion.")})
    suggestion = suggestion_save_draft(
        actor=actor,
        lead_deputy=lead_deputy,
        title=opinions[0].content.strip().splitlines()[0][:60],
        content="\n\n".join(f"【{opinion.tracking_code}】{opinion.content}" for opinion in opinions),
        category=Suggestion._meta.get_field("category").default,
    )
    suggestion.source_opinions.set(opinions)
    note = " · ".join(filter(None, [note, _("Draft suggestion: %(title)s") % {"title": suggestion}]))
    for opinion in opinions:
        opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=actor, note=note, **triage)
    return suggestion
