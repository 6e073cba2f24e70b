"""An opinion of past years brought in from a station's Excel book (issue 15): recorded with its own date,
through intake (voters/services/intake.py) like any other, then given the route and outcome the book shows,
and marked "imported" with the file's name in its timeline."""

from django.db import transaction
from django.utils.translation import gettext as _

from voters.models import Opinion, OpinionEvent, ReturnVisit, Route, Satisfaction
from voters.services.intake import opinion_create
from voters.services.voters import voter_find_or_create

Status = Opinion.Status
# The outcomes a book can show; withdrawn and merged entries are not brought in.
IMPORTABLE_STATUSES = (
    Status.RECEIVED,
    Status.TRIAGED,
    Status.IN_PROGRESS,
    Status.RESOLVED,
    Status.ANSWERED,
    Status.CLOSED,
)
RESOLVED_OR_LATER = {Status.RESOLVED, Status.ANSWERED, Status.CLOSED}


@transaction.atomic
def opinion_import(
    *,
    actor,
    filename,
    station,
    channel,
    content,
    received_at,
    status,
    finished_at,
    voter_name="",
    voter_phone="",
    voter_community="",
    deputy=None,
    category=None,
    route="",
    handling_unit=None,
    reply="",
    satisfaction="",
):
    """`finished_at` is when the book says it was dealt with (resolved, answered, closed as it shows)."""
    voter = voter_find_or_create(
        station=station, phone=voter_phone, name=voter_name, community=voter_community
    )
    opinion = opinion_create(
        station=station,
        channel=channel,
        content=content,
        actor=actor,
        voter=voter,
        deputy=deputy,
        received_at=received_at,
        category=category,
    )
    opinion.route = route
    if route == Route.NOT_ACCEPTED:
        opinion.refusal_reason = "other"
    opinion.handling_unit = handling_unit
    opinion.reply = reply
    opinion.status = status
    if status in RESOLVED_OR_LATER:
        opinion.resolved_at = finished_at
    if status in {Status.ANSWERED, Status.CLOSED}:
        opinion.answered_at = finished_at
        ReturnVisit.objects.create(
            opinion=opinion,
            voter=voter,
            method=ReturnVisit.Method.PHONE,
            visited_at=finished_at,
            visited_by=actor,
            deputy=deputy,
            satisfaction=satisfaction or Satisfaction.UNKNOWN,
            note=reply,
        )
    if status == Status.CLOSED:
        opinion.closed_at = finished_at
    opinion.save()
    OpinionEvent.objects.create(
        opinion=opinion,
        kind=OpinionEvent.Kind.IMPORTED,
        actor=actor,
        at=finished_at or received_at,
        from_status=Status.RECEIVED,
        to_status=status,
        note=_("Imported from “%(file)s”") % {"file": filename},
    )
    return opinion
