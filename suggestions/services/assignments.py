"""交 Assign: a suggestion handed to a lead unit and any co-units with the statutory deadlines, and the
steps of each assignment: accepted, given back as wrongly assigned (and re-routed), given more time."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.selectors import units_visible_to
from suggestions import clock
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.services.steps import (
    check_allowed,
    handled_together,
    lock_assignment,
    lock_suggestion,
    move,
    write_event,
)

Status = Suggestion.Status
Event = SuggestionEvent.Kind


def _new_assignment(suggestion, unit, role, deadline, basis):
    assigned_on = timezone.localdate()
    return Assignment.objects.create(
        suggestion=suggestion,
        round=suggestion.round,
        unit=unit,
        role=role,
        assigned_on=assigned_on,
        deadline=deadline,
        basis=basis,
        return_by=clock.return_deadline(assigned_on),
    )


def _check_units(actor, units):
    """Staff assign to the units of their level and those below it (DOMAIN.md: a unit belongs to the level
    that assigns to it); the forms offer no other, this holds for every caller."""
    wanted = {unit.pk for unit in units}
    if units_visible_to(actor).filter(pk__in=wanted).count() != len(wanted):
        raise ActionRefused(_("You may assign only to the handling units of your jurisdiction."))


def legal_deadline(role, round_number, assigned_on=None):
    assigned_on = assigned_on or timezone.localdate()
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
    if wanted <= timezone.localdate():
        raise ValidationError(_("The deadline must be in the future."))
    return wanted, Assignment.Basis.SET_BY_STAFF


@transaction.atomic
def suggestion_assign(*, suggestion, actor, lead_unit, deadline=None, co_units=(), co_deadline=None, note=""):
    """交办 to a lead unit and any co-units, each with a deadline no later than the statutory one."""
    suggestion = lock_suggestion(suggestion, "assign")
    check_allowed(suggestion, actor, "assign")
    co_units = [unit for unit in co_units if unit.pk != lead_unit.pk]
    _check_units(actor, [lead_unit, *co_units])
    lead_deadline, lead_basis = _deadline(Assignment.Role.LEAD, suggestion.round, deadline)
    co_deadline, co_basis = _deadline(Assignment.Role.CO, suggestion.round, co_deadline)
    co_deadline = min(co_deadline, lead_deadline)
    _new_assignment(suggestion, lead_unit, Assignment.Role.LEAD, lead_deadline, lead_basis)
    for unit in co_units:
        _new_assignment(suggestion, unit, Assignment.Role.CO, co_deadline, co_basis)
    units = "、".join([lead_unit.name, *(unit.name for unit in co_units)])
    note = f"{units} {note}".strip()
    fields = {"lead_unit": lead_unit, "due_on": lead_deadline, "assigned_at": timezone.now()}
    for member in handled_together(suggestion, Status.REGISTERED):
        move(member, Status.ASSIGNED, Event.ASSIGNED, actor, note, **fields)
    return move(suggestion, Status.ASSIGNED, Event.ASSIGNED, actor, note, **fields)


@transaction.atomic
def assignment_accept(*, assignment, actor):
    suggestion, assignment = lock_assignment(assignment, actor, "accept")
    assignment.status = Assignment.Status.ACCEPTED
    assignment.accepted_at = timezone.now()
    assignment.save(update_fields=["status", "accepted_at"])
    write_event(suggestion, Event.ACCEPTED, actor, from_status=suggestion.status, note=assignment.unit.name)
    return assignment


@transaction.atomic
def assignment_return(*, assignment, actor, reason):
    """A unit that thinks it was wrongly assigned gives the item back, within the set working days."""
    suggestion, assignment = lock_assignment(assignment, actor, "return")
    if not reason.strip():
        raise ValidationError(_("Say why it is not your unit's matter."))
    assignment.status = Assignment.Status.RETURN_ASKED
    assignment.return_reason = reason
    assignment.save(update_fields=["status", "return_reason"])
    write_event(
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
    suggestion, assignment = lock_assignment(assignment, actor, "return_decide")
    if not approve:
        assignment.status = (
            Assignment.Status.ACCEPTED if assignment.accepted_at else Assignment.Status.ASSIGNED
        )
        assignment.save(update_fields=["status"])
        write_event(suggestion, Event.RETURN_REFUSED, actor, from_status=suggestion.status, note=note)
        return assignment
    if assignment.role == Assignment.Role.LEAD and new_unit is None:
        raise ValidationError(_("Choose the unit that leads from now on."))
    if new_unit is not None and new_unit.pk == assignment.unit_id:
        raise ValidationError(_("Choose another unit."))
    if new_unit is not None:
        _check_units(actor, [new_unit])
    assignment.status = Assignment.Status.WITHDRAWN
    assignment.save(update_fields=["status"])
    names = str(assignment.unit)
    fields = {}
    if new_unit is not None:
        new_deadline, basis = _deadline(assignment.role, suggestion.round, deadline)
        _new_assignment(suggestion, new_unit, assignment.role, new_deadline, basis)
        names = f"{assignment.unit} → {new_unit}"
        if assignment.role == Assignment.Role.LEAD:
            fields = {"lead_unit": new_unit, "due_on": new_deadline}
            for member in handled_together(suggestion, Status.ASSIGNED):
                member.lead_unit, member.due_on = new_unit, new_deadline
                member.save(update_fields=["lead_unit", "due_on", "updated_at"])
    for name, value in fields.items():
        setattr(suggestion, name, value)
    suggestion.save()
    write_event(
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
    suggestion, assignment = lock_assignment(assignment, actor, "extension")
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
    write_event(
        suggestion, Event.EXTENSION_ASKED, actor, from_status=suggestion.status, note=f"{until}：{reason}"
    )
    return assignment


@transaction.atomic
def assignment_extension_decide(*, assignment, actor, approve, note=""):
    suggestion, assignment = lock_assignment(assignment, actor, "extension_decide")
    if approve:
        assignment.extension = Assignment.Extension.APPROVED
        assignment.deadline = assignment.extension_until
        assignment.basis = Assignment.Basis.EXTENDED
        suggestion.due_on = assignment.deadline
        suggestion.save()
        for member in handled_together(suggestion, Status.ASSIGNED):
            member.due_on = assignment.deadline
            member.save(update_fields=["due_on", "updated_at"])
        kind = Event.EXTENSION_APPROVED
    else:
        assignment.extension = Assignment.Extension.REFUSED
        kind = Event.EXTENSION_REFUSED
    assignment.save(update_fields=["extension", "deadline", "basis"])
    write_event(suggestion, kind, actor, from_status=suggestion.status, note=note)
    return assignment
