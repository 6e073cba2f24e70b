"""A suggestion of past years brought in from the committee's Excel book (issue 15), with its number, units,
reply and evaluation as the book shows them: one round, written in the order of the loop, each step dated
by the book, and marked "imported" with the file's name in its timeline."""

from datetime import datetime, time

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from suggestions import clock
from suggestions.models import (
    Assignment,
    Category,
    Evaluation,
    NumberCounter,
    Reply,
    Suggestion,
    SuggestionEvent,
)
from suggestions.services.assignments import legal_deadline

Status = Suggestion.Status
Role = Assignment.Role


def _moment(day):
    # A book gives a day; the record keeps it at the start of office hours, Beijing time.
    return timezone.make_aware(datetime.combine(day, time(9))) if day else None


def imported_status(*, assigned_on, replied_on, evaluated_on):
    """Where the loop stood when the book was closed. An evaluated suggestion is taken as completed: a
    second round the book may show is its own row."""
    if evaluated_on:
        return Status.CLOSED
    if replied_on:
        return Status.REPLIED
    if assigned_on:
        return Status.ASSIGNED
    return Status.REGISTERED


@transaction.atomic
def suggestion_import(
    *,
    actor,
    filename,
    year,
    sequence,
    title,
    content,
    lead_deputy,
    submitted_on,
    category=Category.OTHER,
    kind=Suggestion.Kind.SUGGESTION,
    lead_unit=None,
    co_units=(),
    assigned_on=None,
    replied_on=None,
    result_class="",
    reply_text="",
    evaluated_on=None,
    rating="",
):
    status = imported_status(assigned_on=assigned_on, replied_on=replied_on, evaluated_on=evaluated_on)
    deadline = legal_deadline(Role.LEAD, 1, assigned_on)[0] if assigned_on else None
    suggestion = Suggestion.objects.create(
        title=title,
        content=content,
        category=category,
        kind=kind,
        lead_deputy=lead_deputy,
        created_by=actor,
        status=status,
        year=year,
        sequence=sequence,
        number=f"{year}-{sequence:03d}",
        lead_unit=lead_unit,
        result_class=result_class,
        rating=rating,
        due_on=deadline if status == Status.ASSIGNED else None,
        submitted_at=_moment(submitted_on),
        registered_at=_moment(submitted_on),
        assigned_at=_moment(assigned_on),
        replied_at=_moment(replied_on),
        evaluated_at=_moment(evaluated_on),
        closed_at=_moment(evaluated_on),
        created_at=_moment(submitted_on),
    )
    # Later numbers of that year follow the book's: the counter never hands out one already used.
    counter, _created = NumberCounter.objects.select_for_update().get_or_create(year=year)
    if counter.last < sequence:
        counter.last = sequence
        counter.save(update_fields=["last"])
    if assigned_on:
        _assign(suggestion, lead_unit, co_units, assigned_on, replied_on, deadline)
    if replied_on:
        reply = Reply.objects.create(
            suggestion=suggestion,
            round=1,
            unit=lead_unit,
            result_class=result_class,
            text=reply_text,
            replied_by=actor,
            created_at=_moment(replied_on),
        )
        if evaluated_on:
            Evaluation.objects.create(
                suggestion=suggestion,
                round=1,
                reply=reply,
                rating=rating,
                recorded_by=actor,
                in_person=True,
                created_at=_moment(evaluated_on),
            )
    SuggestionEvent.objects.create(
        suggestion=suggestion,
        kind=SuggestionEvent.Kind.IMPORTED,
        actor=actor,
        at=_moment(evaluated_on or replied_on or assigned_on or submitted_on),
        to_status=status,
        note=_("Imported from “%(file)s”") % {"file": filename},
    )
    return suggestion


def _assign(suggestion, lead_unit, co_units, assigned_on, replied_on, deadline):
    answered = Assignment.Status.ANSWERED if replied_on else Assignment.Status.ASSIGNED
    common = {"suggestion": suggestion, "round": 1, "assigned_on": assigned_on}
    common["return_by"] = clock.return_deadline(assigned_on)
    Assignment.objects.create(
        **common,
        unit=lead_unit,
        role=Role.LEAD,
        status=answered,
        deadline=deadline,
        basis=Assignment.Basis.REPLY,
        answered_at=_moment(replied_on),
    )
    co_deadline, co_basis = legal_deadline(Role.CO, 1, assigned_on)
    for unit in co_units:
        Assignment.objects.create(
            **common,
            unit=unit,
            role=Role.CO,
            status=answered,
            deadline=min(co_deadline, deadline),
            basis=co_basis,
        )
