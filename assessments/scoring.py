"""Scores summed in SQL: one aggregate query per period for the points and one for the minimums' period,
whatever the number of deputies, then one pass over the aggregated rows applies the points, the caps and the
minimums."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import DutyKind, DutyRecord, ScoreSnapshot
from assessments.periods import month_name, month_period, quarter_name, quarter_period, year_period
from assessments.rules import rules_by_deputy, rules_for

ATTENDANCE_KINDS = (
    DutyKind.GROUP_ACTIVITY,
    DutyKind.RECEPTION_DAY,
    DutyKind.RESEARCH,
    DutyKind.TRAINING,
    DutyKind.REPORT_TO_VOTERS,
    DutyKind.OTHER_ACTIVITY,
)
# Seed 000: at least two activities a quarter; contacts with voters and checks count as activities too.
QUARTER_ACTIVITY_KINDS = (
    *ATTENDANCE_KINDS,
    DutyKind.VOTER_RECEPTION,
    DutyKind.VOTER_VISIT,
    DutyKind.LAW_ENFORCEMENT_CHECK,
    DutyKind.CONSTITUENCY_VISIT,
    DutyKind.PRACTICAL_THING,
)
# Seed 004: days of activity between sessions, so the session itself and paperwork do not count.
NOT_ACTIVITY_DAYS = (
    DutyKind.CONGRESS_SESSION,
    DutyKind.ABSENCE,
    DutyKind.OPINION,
    DutyKind.SUGGESTION_LEAD,
    DutyKind.SUGGESTION_JOINT,
    DutyKind.EVALUATION,
    DutyKind.BILL,
    DutyKind.REPORT_RATED_WELL,
    # A mediation is in the archive without moving the minimums; the rule set may give it points.
    DutyKind.MEDIATION,
)
SUGGESTION_KINDS = (DutyKind.SUGGESTION_LEAD, DutyKind.SUGGESTION_JOINT, DutyKind.BILL)
CONSTITUENCY_KINDS = (DutyKind.VOTER_VISIT, DutyKind.CONSTITUENCY_VISIT)
# 五个一 (seed 001): 每月开展一次进村入户、走访联系群众活动, 每月提出一条质量较高的建议.
MONTH_VISIT_KINDS = CONSTITUENCY_KINDS
MONTH_SUGGESTION_KINDS = SUGGESTION_KINDS

# (key, label, RuleSet field) in the order pages show them; measured in `_measures`.
MINIMUMS = [
    ("group_activities", _("Group activities"), "min_group_activities"),
    ("activity_days", _("Days of activity"), "min_activity_days"),
    ("voters_contacted", _("Voters contacted"), "min_voters_contacted"),
    ("constituency_visits", _("Visits to the original constituency"), "min_constituency_visits"),
    ("practical_things", _("Practical things done"), "min_practical_things"),
    ("suggestions", _("Bills or suggestions"), "min_suggestions"),
    ("activities_per_quarter", _("Activities in each quarter"), "min_activities_per_quarter"),
    ("visits_per_month", _("Visits to voters in each month"), "min_visits_per_month"),
    ("suggestions_per_month", _("Suggestions in each month"), "min_suggestions_per_month"),
]
# The monthly minimums: (measure in measures["months"], the kinds it counts).
MONTHLY = {
    "visits_per_month": ("visits", MONTH_VISIT_KINDS),
    "suggestions_per_month": ("suggestions", MONTH_SUGGESTION_KINDS),
}
MINIMUM_LABELS = {key: label for key, label, _field in MINIMUMS}


@dataclass
class MinimumResult:
    key: str
    label: str
    required: int
    actual: int
    detail: str = ""
    # The names of the quarters or months missed, one by one (the dashboard counts deputies per month).
    short: tuple = ()

    @property
    def met(self):
        return self.actual >= self.required


@dataclass
class DeputyScore:
    deputy: object
    points: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    total: Decimal = Decimal(0)
    measures: dict = field(default_factory=dict)
    minimums: list = field(default_factory=list)
    rank: int | None = None
    frozen: bool = False
    rules: object = None

    @property
    def missed(self):
        return [minimum for minimum in self.minimums if not minimum.met]

    @property
    def missed_labels(self):
        """The minimums missed, each with the quarters or months it was missed in."""
        return "、".join(
            f"{minimum.label} ({minimum.detail})" if minimum.detail else str(minimum.label)
            for minimum in self.missed
        )

    def points_of(self, kind):
        return self.points.get(kind, Decimal(0))


def counted_records():
    """The records that score: derived ones, and manual ones once staff approved them."""
    return DutyRecord.objects.filter(status=DutyRecord.Status.APPROVED)


def _records(deputy_ids, period):
    return counted_records().filter(deputy_id__in=deputy_ids, date__gte=period.start, date__lte=period.end)


def _by_kind(deputy_ids, period):
    """{deputy id: their rows per kind} (units, points, voters): what the points are made of."""
    by_kind = (
        _records(deputy_ids, period)
        .values("deputy_id", "kind")
        .annotate(
            priced=Sum("quantity", filter=Q(points__isnull=True)),
            explicit=Sum("points"),
            units=Sum("quantity"),
            voters=Sum("voters_met"),
        )
        .order_by()
    )
    kinds = {}
    for row in by_kind:
        kinds.setdefault(row["deputy_id"], []).append(row)
    return kinds


def _per_deputy(deputy_ids, period):
    """{deputy id: days of activity, activities per quarter, visits and suggestions per month}: what only
    the minimums read."""
    quarters = {
        f"q{n}": Sum("quantity", filter=Q(kind__in=QUARTER_ACTIVITY_KINDS, date__quarter=n))
        for n in range(1, 5)
    }
    months = {
        f"{measure}{n}": Sum("quantity", filter=Q(kind__in=kinds, date__month=n))
        for measure, kinds in MONTHLY.values()
        for n in range(1, 13)
    }
    per_deputy = (
        _records(deputy_ids, period)
        .values("deputy_id")
        .annotate(
            days=Count("date", distinct=True, filter=~Q(kind__in=NOT_ACTIVITY_DAYS)), **quarters, **months
        )
        .order_by()
    )
    return {row["deputy_id"]: row for row in per_deputy}


def _apply_rules(kind_rows, rules):
    points, units, voters = {}, {}, 0
    for row in kind_rows:
        kind = row["kind"]
        value = (row["priced"] or 0) * rules.points_for(kind) + (row["explicit"] or Decimal(0))
        cap = rules.caps.get(kind)
        if cap is not None:
            value = min(value, cap) if value >= 0 else max(value, -cap)
        points[kind] = Decimal(value).quantize(Decimal("0.1"))
        units[kind] = row["units"] or 0
        voters += row["voters"] or 0
    return points, units, voters


def _begun_quarters(period):
    """The period's quarters that have begun: nobody misses a quarter that has not come yet."""
    today = timezone.localdate()
    return [n for n in period.quarters() if quarter_period(period.start.year, n).start <= today]


def _ended_months(period):
    """The period's months that are over (in the site's time zone) and lie wholly in it: a deputy has until
    the month's last day to make its visit and its suggestion, so the month running is not judged yet."""
    today = timezone.localdate()
    months = []
    for n in range(period.start.month, 13):
        month = month_period(period.start.year, n)
        if month.start >= period.start and month.end <= period.end and month.end < today:
            months.append(n)
    return months


def _measures(units, voters, day_row, quarters, months):
    def of(*kinds):
        return sum(units.get(kind, 0) for kind in kinds)

    measures = {
        "group_activities": of(DutyKind.GROUP_ACTIVITY),
        "activity_days": (day_row or {}).get("days") or 0,
        "voters_contacted": voters,
        "constituency_visits": of(*CONSTITUENCY_KINDS),
        "practical_things": of(DutyKind.PRACTICAL_THING),
        "suggestions": of(*SUGGESTION_KINDS),
    }
    measures["quarters"] = {str(n): (day_row or {}).get(f"q{n}") or 0 for n in quarters}
    measures["months"] = {
        str(n): {measure: (day_row or {}).get(f"{measure}{n}") or 0 for measure, _kinds in MONTHLY.values()}
        for n in months
    }
    return measures


def _minimums(measures, ruleset):
    results = []
    for key, label, rule_field in MINIMUMS:
        required = getattr(ruleset, rule_field)
        if not required:
            continue
        if key == "activities_per_quarter":
            quarters = measures.get("quarters") or {}
            if not quarters:
                continue
            short = tuple(quarter_name(n) for n, count in quarters.items() if count < required)
            actual = min(quarters.values())
            results.append(MinimumResult(key, label, required, actual, "、".join(short), short))
        elif key in MONTHLY:
            months = measures.get("months") or {}
            if not months:
                continue
            measure = MONTHLY[key][0]
            short = tuple(month_name(n) for n, count in months.items() if count[measure] < required)
            actual = min(count[measure] for count in months.values())
            results.append(MinimumResult(key, label, required, actual, "、".join(short), short))
        else:
            results.append(MinimumResult(key, label, required, measures.get(key, 0)))
    return results


def compute_scores(deputies, *, period, minimums_period=None):
    """Scores of the given deputies (a queryset) for a period; minimums are judged over
    `minimums_period` (the year to date for a quarterly notice), by default the same period. Each deputy is
    scored by the rules of the level their stationing's street gives (assessments.rules.rules_by_deputy)."""
    deputy_list = list(deputies)
    ids = deputies.values("pk")
    by_deputy, deployment = rules_by_deputy(ids, period.start.year)
    kinds = _by_kind(ids, period)
    if minimums_period and minimums_period != period:
        min_kinds = _by_kind(ids, minimums_period)
    else:
        minimums_period, min_kinds = period, kinds
    min_days = _per_deputy(ids, minimums_period)
    # Read once for all deputies: per deputy, the clock and the quarter arithmetic cost more than the scoring.
    quarters = _begun_quarters(minimums_period)
    months = _ended_months(minimums_period)
    scores = []
    for deputy in deputy_list:
        rules = by_deputy.get(deputy.pk, deployment)
        points, units, _voters = _apply_rules(kinds.get(deputy.pk, []), rules)
        _points, min_units, min_voters = _apply_rules(min_kinds.get(deputy.pk, []), rules)
        measures = _measures(min_units, min_voters, min_days.get(deputy.pk), quarters, months)
        scores.append(
            DeputyScore(
                deputy=deputy,
                points=points,
                units=units,
                total=sum(points.values(), Decimal(0)),
                measures=measures,
                minimums=_minimums(measures, rules.ruleset),
                rules=rules,
            )
        )
    return scores


def frozen_scores(deputies, year, rules):
    """The results of a frozen year exactly as scored, for the deputies given."""
    snapshots = {
        snapshot.deputy_id: snapshot
        for snapshot in ScoreSnapshot.objects.filter(year=year, deputy__in=deputies.values("pk"))
    }
    scores = []
    for deputy in deputies:
        snapshot = snapshots.get(deputy.pk)
        if snapshot is None:
            continue
        minimums = [
            MinimumResult(
                item["key"],
                MINIMUM_LABELS.get(item["key"], item["key"]),
                item["required"],
                item["actual"],
                item.get("detail", ""),
                tuple(item.get("short", ())),
            )
            for item in snapshot.measures.get("minimums", [])
        ]
        scores.append(
            DeputyScore(
                deputy=deputy,
                points={kind: Decimal(value) for kind, value in snapshot.points_by_kind.items()},
                units=snapshot.measures.get("units", {}),
                total=snapshot.total,
                measures=snapshot.measures,
                minimums=minimums,
                frozen=True,
            )
        )
    return scores


def year_scores(deputies, year):
    """A year's results: the frozen snapshot once staff froze the year, else scored now (each deputy by
    their level's rules). The rules returned are the whole deployment's, which hold the year's freezing."""
    rules = rules_for(year)
    if rules.ruleset.is_frozen:
        return frozen_scores(deputies, year, rules), rules
    return compute_scores(deputies, period=year_period(year)), rules


def assign_ranks(scores):
    """Highest total first; equal totals share a rank (1, 1, 3)."""
    ordered = sorted(scores, key=lambda score: (-score.total, score.deputy.name_pinyin, score.deputy.pk))
    for score, rank in zip(ordered, ranks(score.total for score in ordered), strict=True):
        score.rank = rank
    return ordered


def ranks(totals):
    """The rank of each of `totals`, given highest first: equal totals share a rank (1, 1, 3)."""
    previous, rank = None, 0
    for position, total in enumerate(totals, start=1):
        if total != previous:
            rank, previous = position, total
        yield rank


def excellent_candidates(ranked, ruleset):
    """Candidates by the staff's rule: top N and/or a threshold, and (if set) no missed minimum."""
    if not ruleset.excellent_top_n and ruleset.excellent_threshold is None:
        return []
    eligible = [
        score
        for score in ranked
        if not (ruleset.excellent_requires_minimums and score.missed)
        and (ruleset.excellent_threshold is None or score.total >= ruleset.excellent_threshold)
    ]
    eligible.sort(key=lambda score: -score.total)
    if ruleset.excellent_top_n and len(eligible) > ruleset.excellent_top_n:
        # Equal totals at the boundary are all candidates.
        floor = eligible[ruleset.excellent_top_n - 1].total
        eligible = [score for score in eligible if score.total >= floor]
    return eligible
