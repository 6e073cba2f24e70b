"""Opinions of past years brought in from a station's Excel book (issue 15): each built as intake builds
any other (voters/services/intake.py), with its own date, then given the route and outcome the book shows,
and marked "imported" with the file's name in its timeline.

`opinions_import` writes a chunk of rows in a few queries whatever its size (50,000 rows must not take a
query each); one row is a chunk of one, so there is one definition of an imported opinion."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from liaison.policies.selectors import policy_in_force
from liaison.workdays import exceptions_between, working_days_reach
from voters.models import Opinion, OpinionEvent, ReturnVisit, Route, Satisfaction
from voters.services.intake import opinion_build, received_event
from voters.services.voters import voters_find_or_create

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
# The Opinion's foreign keys are objects the importer took from selectors (liaison/core/imports.py `known`):
# checking each again would be a query per row and per key.
CHECKED_KEYS = ["station", "voter", "deputy", "officer", "category", "handling_unit", "merged_into", "visit",
                "visit_entry", "tracking_code"]  # fmt: skip
VOTER_FIELDS = {"voter_name": "name", "voter_phone": "phone", "voter_community": "community"}


@transaction.atomic
def opinions_import(*, actor, filename, records):
    """Write the opinions of `records`, a list of dicts with station, channel, content, received_at, status,
    finished_at (when the book says it was dealt with: resolved, answered, closed as it shows), and
    optionally voter_name, voter_phone, voter_community, deputy, category, route, handling_unit, reply,
    satisfaction. The opinions in order."""
    voters = voters_find_or_create(
        [
            {"station": record["station"], **{to: record.get(key) or "" for key, to in VOTER_FIELDS.items()}}
            for record in records
        ],
        actor=actor,
    )
    policies = {}
    for record in records:
        if record["station"].pk not in policies:
            policies[record["station"].pk] = policy_in_force(record["station"])
    # The calendar once for the whole chunk, as far as the longest answer period reaches.
    days = [timezone.localtime(record["received_at"]).date() for record in records]
    longest = max(policy.opinion_answer_days for policy in policies.values())
    exceptions = exceptions_between(min(days), max(days) + working_days_reach(longest))
    opinions = []
    for record, voter in zip(records, voters, strict=True):
        policy = policies[record["station"].pk]
        opinion = _imported(record, voter, policy=policy, exceptions=exceptions)
        opinion.full_clean(exclude=CHECKED_KEYS, validate_constraints=False)
        opinions.append(opinion)
    _unique_tracking_codes(opinions)
    bulk_create_with_history(opinions, Opinion, default_user=actor)
    events, visits = [], []
    for record, opinion in zip(records, opinions, strict=True):
        events.append(received_event(opinion, actor=actor))
        events.append(
            OpinionEvent(
                opinion=opinion,
                kind=OpinionEvent.Kind.IMPORTED,
                actor=actor,
                at=record["finished_at"] or record["received_at"],
                from_status=Status.RECEIVED,
                to_status=opinion.status,
                note=_("Imported from “%(file)s”") % {"file": filename},
            )
        )
        if opinion.status in {Status.ANSWERED, Status.CLOSED}:
            visits.append(
                ReturnVisit(
                    opinion=opinion,
                    voter=opinion.voter,
                    method=ReturnVisit.Method.PHONE,
                    visited_at=record["finished_at"],
                    visited_by=actor,
                    deputy=opinion.deputy,
                    satisfaction=record.get("satisfaction") or Satisfaction.UNKNOWN,
                    note=opinion.reply,
                )
            )
    OpinionEvent.objects.bulk_create(events)
    ReturnVisit.objects.bulk_create(visits)
    return opinions


def _imported(record, voter, *, policy, exceptions):
    status, finished_at, route = record["status"], record["finished_at"], record.get("route") or ""
    opinion = opinion_build(
        station=record["station"],
        content=record["content"],
        received_at=record["received_at"],
        policy=policy,
        exceptions=exceptions,
        channel=record["channel"],
        voter=voter,
        deputy=record.get("deputy"),
        category=record.get("category"),
        route=route,
        handling_unit=record.get("handling_unit"),
        reply=record.get("reply") or "",
        status=status,
    )
    if route == Route.NOT_ACCEPTED:
        opinion.refusal_reason = "other"
    if status in RESOLVED_OR_LATER:
        opinion.resolved_at = finished_at
    if status in {Status.ANSWERED, Status.CLOSED}:
        opinion.answered_at = finished_at
    if status == Status.CLOSED:
        opinion.closed_at = finished_at
    return opinion


def _unique_tracking_codes(opinions):
    """Draw again any code already taken (by a recorded opinion or another of these): one query a round."""
    field = Opinion._meta.get_field("tracking_code")
    pending, kept = opinions, set()
    while pending:
        codes = [opinion.tracking_code for opinion in pending]
        taken = set(Opinion.objects.filter(tracking_code__in=codes).values_list("tracking_code", flat=True))
        again = []
        for opinion in pending:
            if opinion.tracking_code in taken or opinion.tracking_code in kept:
                opinion.tracking_code = field.default()
                again.append(opinion)
            else:
                kept.add(opinion.tracking_code)
        pending = again
