"""Duty records derived from the records of the other apps (DOMAIN.md: statistics are never typed twice).

Each source is one small adapter that yields what it says a deputy did in a period; `derive()` then
upserts by source key, so running it again changes nothing, correcting a source corrects its record, and a
source that no longer counts (cancelled, withdrawn, attendance changed to leave) loses its record."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from assessments.models import DutyKind, DutyRecord, Seat, Sitting, Speech
from assessments.rules import rules_by_deputy, ruleset_ensure, year_ruleset
from liaison.activities.figures import day_voters, visit_voters
from liaison.activities.models import Activity, Invitation, Visit, VoterReport
from liaison.activities.ratings import with_results
from suggestions.models import Evaluation, Suggestion
from suggestions.rates import received
from voters.models import Channel, MediationOutcome, Opinion

CHUNK = 500


@dataclass(frozen=True)
class Derived:
    source: str
    source_id: int
    deputy_id: int
    kind: str
    date: date
    title: str
    quantity: int = 1
    voters_met: int = 0

    @property
    def key(self):
        return f"{self.source}:{self.source_id}:{self.deputy_id}"


ACTIVITY_KINDS = {
    Activity.Kind.GROUP: DutyKind.GROUP_ACTIVITY,
    Activity.Kind.RECEPTION: DutyKind.RECEPTION_DAY,
    Activity.Kind.RESEARCH: DutyKind.RESEARCH,
    Activity.Kind.TRAINING: DutyKind.TRAINING,
    Activity.Kind.REPORT: DutyKind.REPORT_TO_VOTERS,
}


def derive_from_attendance(period):
    """Present at an activity counts by the activity's kind; absent without leave costs points. A deputy
    present at a reception day is credited with the voters the day received (liaison/activities/figures.py)."""
    start, end = period.bounds()
    rows = (
        Invitation.objects.filter(activity__starts_at__gte=start, activity__starts_at__lt=end)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .filter(attendance__in=[Invitation.Attendance.PRESENT, Invitation.Attendance.ABSENT])
        .annotate(voters=day_voters("activity__"))
        .values_list(
            "pk",
            "deputy_id",
            "attendance",
            "activity__kind",
            "activity__title",
            "activity__starts_at",
            "voters",
        )
        .order_by()
    )
    for pk, deputy_id, attendance, activity_kind, title, starts_at, voters in rows.iterator(chunk_size=CHUNK):
        if attendance == Invitation.Attendance.ABSENT:
            kind, voters = DutyKind.ABSENCE, 0
        else:
            kind = ACTIVITY_KINDS.get(activity_kind, DutyKind.OTHER_ACTIVITY)
        yield Derived(
            DutyRecord.Source.ATTENDANCE,
            pk,
            deputy_id,
            kind,
            timezone.localdate(starts_at),
            title[:200],
            voters_met=voters,
        )


def derive_from_visits(period):
    """Each visit a deputy took part in (四访, seed 004), with the voters met there; those of a visit logged
    for a reception day are credited through the day's attendance, not twice (liaison/activities/figures.py)."""
    rows = (
        Visit.deputies.through.objects.filter(visit__date__gte=period.start, visit__date__lte=period.end)
        .annotate(voters=visit_voters("visit__"))
        .values_list("visit_id", "deputy_id", "visit__kind", "visit__date", "voters", "visit__station__name")
        .order_by()
    )
    for visit_id, deputy_id, visit_kind, day, voters, station in rows.iterator(chunk_size=CHUNK):
        kind = DutyKind.VOTER_VISIT if visit_kind == Visit.Kind.VISIT else DutyKind.VOTER_RECEPTION
        label = Visit.Kind(visit_kind).label
        yield Derived(
            DutyRecord.Source.VISIT, visit_id, deputy_id, kind, day, f"{label} · {station}"[:200], 1, voters
        )


def derive_from_opinions(period):
    """Each voter opinion a deputy received (seed 004), unless withdrawn or merged into another."""
    start, end = period.bounds()
    rows = (
        Opinion.objects.filter(deputy__isnull=False, received_at__gte=start, received_at__lt=end)
        .exclude(status__in=[Opinion.Status.WITHDRAWN, Opinion.Status.MERGED])
        .values_list("pk", "deputy_id", "received_at", "tracking_code", "channel")
        .order_by()
    )
    for pk, deputy_id, received_at, code, channel in rows.iterator(chunk_size=CHUNK):
        title = f"{Channel(channel).label} · {code}" if channel in Channel.values else code
        yield Derived(
            DutyRecord.Source.OPINION, pk, deputy_id, DutyKind.OPINION, timezone.localdate(received_at), title
        )


def derive_from_suggestions(period):
    """A suggestion or bill received in the period (suggestions.rates) counts for its lead deputy and, less,
    for each co-signer (联名), unless it was refused registration: received, but not a duty done."""
    counted = received(period.start, period.end).exclude(status=Suggestion.Status.REJECTED).order_by()
    for pk, deputy_id, kind, submitted_at, number, title in counted.values_list(
        "pk", "lead_deputy_id", "kind", "submitted_at", "number", "title"
    ).iterator(chunk_size=CHUNK):
        duty = DutyKind.BILL if kind == Suggestion.Kind.BILL else DutyKind.SUGGESTION_LEAD
        yield Derived(
            DutyRecord.Source.SUGGESTION,
            pk,
            deputy_id,
            duty,
            timezone.localdate(submitted_at),
            f"{number} {title}"[:200],
        )
    joint = Suggestion.joint_deputies.through.objects.filter(suggestion__in=counted.values("pk")).values_list(
        "suggestion_id", "deputy_id", "suggestion__submitted_at", "suggestion__number", "suggestion__title"
    )
    for pk, deputy_id, submitted_at, number, title in joint.order_by().iterator(chunk_size=CHUNK):
        yield Derived(
            DutyRecord.Source.SUGGESTION,
            pk,
            deputy_id,
            DutyKind.SUGGESTION_JOINT,
            timezone.localdate(submitted_at),
            f"{number} {title}"[:200],
        )


def derive_from_evaluations(period):
    """Each evaluation a deputy gave of a reply (评价, seeds 002, 003)."""
    start, end = period.bounds()
    rows = (
        Evaluation.objects.filter(created_at__gte=start, created_at__lt=end)
        .values_list("pk", "suggestion__lead_deputy_id", "created_at", "suggestion__number", "rating")
        .order_by()
    )
    for pk, deputy_id, created_at, number, rating in rows.iterator(chunk_size=CHUNK):
        label = Suggestion.Rating(rating).label if rating in Suggestion.Rating.values else rating
        yield Derived(
            DutyRecord.Source.EVALUATION,
            pk,
            deputy_id,
            DutyKind.EVALUATION,
            timezone.localdate(created_at),
            f"{number} {label}"[:200],
        )


def derive_from_sittings(period):
    """A deputy present at a congress session or a standing-committee meeting, on its roll or sitting in
    (列席, DOMAIN.md), is credited with it; absent without leave costs points; on leave is neither."""
    rows = (
        Seat.objects.filter(sitting__starts_on__gte=period.start, sitting__starts_on__lte=period.end)
        .filter(attendance__in=[Seat.Attendance.PRESENT, Seat.Attendance.ABSENT])
        .values_list(
            "pk",
            "deputy_id",
            "attendance",
            "role",
            "topic",
            "sitting__kind",
            "sitting__title",
            "sitting__starts_on",
        )
        .order_by()
    )
    for pk, deputy_id, attendance, role, topic, sitting_kind, title, day in rows.iterator(chunk_size=CHUNK):
        if attendance == Seat.Attendance.ABSENT:
            kind = DutyKind.ABSENCE
        elif sitting_kind == Sitting.Kind.CONGRESS:
            kind = DutyKind.CONGRESS_SESSION
        else:
            kind = DutyKind.STANDING_COMMITTEE
        if role == Seat.Role.INVITED:
            title = f"{title} · {Seat.Role.INVITED.label} {topic}".strip()
        yield Derived(DutyRecord.Source.SITTING, pk, deputy_id, kind, day, title[:200])


def derive_from_speeches(period):
    """Each speech a deputy made at a session or meeting (seed 004)."""
    rows = (
        Speech.objects.filter(sitting__starts_on__gte=period.start, sitting__starts_on__lte=period.end)
        .values_list("pk", "deputy_id", "sitting__starts_on", "sitting__title", "topic")
        .order_by()
    )
    for pk, deputy_id, day, title, topic in rows.iterator(chunk_size=CHUNK):
        yield Derived(
            DutyRecord.Source.SPEECH, pk, deputy_id, DutyKind.SPEECH, day, f"{title} · {topic}"[:200]
        )


def derive_from_report_ratings(period):
    """A deputy's report to voters rated well (述职评议, seed 004): its 满意率 (VoterReport.satisfaction_rate,
    paper and phones together) at least the threshold of the rules the deputy follows that year. Rated at
    all: a report nobody rated earns nothing."""
    start, end = period.bounds()
    reports = list(
        with_results(
            VoterReport.objects.filter(activity__starts_at__gte=start, activity__starts_at__lt=end).exclude(
                activity__status=Activity.Status.CANCELLED
            )
        )
        .select_related("activity")
        .only("pk", "deputy_id", "activity__starts_at", "activity__title")
        .order_by()
    )
    deputy_ids = {report.deputy_id for report in reports}
    rules = {}
    for report in reports:
        if not report.rated:
            continue
        day = timezone.localdate(report.activity.starts_at)
        if day.year not in rules:
            rules[day.year] = rules_by_deputy(deputy_ids, day.year)
        by_deputy, fallback = rules[day.year]
        threshold = (by_deputy.get(report.deputy_id) or fallback).ruleset.report_rate_threshold
        if report.satisfaction_rate >= threshold:
            title = f"{report.activity.title} · {report.satisfaction_rate:.0f}%"
            yield Derived(
                DutyRecord.Source.RATING,
                report.pk,
                report.deputy_id,
                DutyKind.REPORT_RATED_WELL,
                day,
                title[:200],
            )


def derive_from_mediations(period):
    """Each dispute a deputy mediated (矛盾纠纷调解, seeds 001, 002), counted on the day its outcome was
    reached, unless the opinion was withdrawn or merged into another."""
    rows = (
        Opinion.mediators.through.objects.filter(
            opinion__mediated_on__gte=period.start, opinion__mediated_on__lte=period.end
        )
        .exclude(opinion__mediation_outcome="")
        .exclude(opinion__status__in=[Opinion.Status.WITHDRAWN, Opinion.Status.MERGED])
        .values_list(
            "opinion_id",
            "deputy_id",
            "opinion__mediated_on",
            "opinion__mediation_outcome",
            "opinion__tracking_code",
        )
        .order_by()
    )
    for pk, deputy_id, day, outcome, code in rows.iterator(chunk_size=CHUNK):
        yield Derived(
            DutyRecord.Source.MEDIATION,
            pk,
            deputy_id,
            DutyKind.MEDIATION,
            day,
            f"{MediationOutcome(outcome).label} · {code}",
        )


ADAPTERS = {
    DutyRecord.Source.ATTENDANCE: derive_from_attendance,
    DutyRecord.Source.VISIT: derive_from_visits,
    DutyRecord.Source.OPINION: derive_from_opinions,
    DutyRecord.Source.SUGGESTION: derive_from_suggestions,
    DutyRecord.Source.EVALUATION: derive_from_evaluations,
    DutyRecord.Source.SITTING: derive_from_sittings,
    DutyRecord.Source.SPEECH: derive_from_speeches,
    DutyRecord.Source.RATING: derive_from_report_ratings,
    DutyRecord.Source.MEDIATION: derive_from_mediations,
}

COMPARED = ("deputy_id", "kind", "date", "title", "quantity", "voters_met")


@dataclass
class DeriveResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def changed(self):
        return self.created + self.updated + self.deleted


@transaction.atomic
def derive(period, sources=None):
    """Bring the derived duty records of a period in line with their sources; returns the counts."""
    # One derivation per year at a time: the whole deployment's rule set row of the year is the lock.
    for year in range(period.start.year, period.end.year + 1):
        ruleset_ensure(year)
        year_ruleset(year).select_for_update().first()
    result = DeriveResult()
    for source, adapter in ADAPTERS.items():
        if sources is None or source in sources:
            _sync(source, period, adapter(period), result)
    return result


def _sync(source, period, rows, result):
    wanted = {row.key: row for row in rows}
    existing = {
        record.source_key: record
        for record in DutyRecord.objects.filter(source=source, date__gte=period.start, date__lte=period.end)
    }
    # A source moved into this period from another keeps its record: find it by key.
    missing = [key for key in wanted if key not in existing]
    for index in range(0, len(missing), CHUNK):
        existing.update(
            {
                record.source_key: record
                for record in DutyRecord.objects.filter(source_key__in=missing[index : index + CHUNK])
            }
        )
    to_create, to_update = [], []
    for key, row in wanted.items():
        record = existing.get(key)
        if record is None:
            to_create.append(
                DutyRecord(
                    source=row.source,
                    source_id=row.source_id,
                    source_key=key,
                    status=DutyRecord.Status.APPROVED,
                    **{field: getattr(row, field) for field in COMPARED},
                )
            )
            continue
        if any(getattr(record, field) != getattr(row, field) for field in COMPARED):
            for field in COMPARED:
                setattr(record, field, getattr(row, field))
            record.updated_at = timezone.now()
            to_update.append(record)
    stale = [
        record.pk
        for key, record in existing.items()
        if key not in wanted and period.start <= record.date <= period.end
    ]
    DutyRecord.objects.bulk_create(to_create, batch_size=CHUNK)
    DutyRecord.objects.bulk_update(to_update, [*COMPARED, "updated_at"], batch_size=CHUNK)
    for index in range(0, len(stale), CHUNK):
        DutyRecord.objects.filter(pk__in=stale[index : index + CHUNK]).delete()
    result.created += len(to_create)
    result.updated += len(to_update)
    result.deleted += len(stale)
