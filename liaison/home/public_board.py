"""Reads of the public notice board (四公开 / 五上墙, seed 004; 亮身份 亮承诺 亮履职, seed 001).

Everything here is public by design: deputies' names, photos, levels, groups, pledges, counts of duties, their
reports to voters and the results staff chose to publish. Nothing about voters is read, and no deputy's phone.
Each function costs a fixed number of queries whatever the number of deputies (pinned in
tests/home/test_public_board.py)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from assessments.models import Commendation, DutyKind, DutyRecord, RuleSet, ScoreSnapshot
from deputies.models import Deputy, Level
from deputies.selectors import mandates_in_force
from liaison.activities.models import VoterReport
from liaison.activities.ratings import published_reports
from liaison.activities.selectors import published_days
from liaison.models import Station, Stationing
from liaison.selectors import jurisdictions_holding

# How far ahead the board shows reception days, and how much history it keeps.
SCHEDULE_WEEKS = 8
REPORTS_SHOWN = 20
RESULT_YEARS_SHOWN = 2

# Absences are scored against a deputy but are not a duty done: the board shows what deputies did (亮履职).
NOT_SHOWN_KINDS = (DutyKind.ABSENCE,)


def public_stations():
    return Station.objects.filter(is_active=True)


def station_places(station):
    """The station itself and, for a liaison station, its points in service ("1+N", seeds 000, 002, 003)."""
    if station.kind != Station.Kind.STATION:
        return [station]
    return [station, *station.children.filter(is_active=True).order_by("name")]


def public_deputies(places, *, today=None):
    """Deputies in service stationed now at one of `places`, with their mandates in force: the board names
    them, and each name opens the deputy's own page with their groups, pledge and duties."""
    current = Stationing.objects.filter(until__isnull=True, station__is_active=True)
    deputies = Deputy.objects.filter(is_active=True).filter(
        Exists(current.filter(deputy=OuterRef("pk"), station__in=places))
    )
    return (
        deputies.prefetch_related(mandates_in_force(today))
        .only("name", "name_pinyin", "public_token")
        .order_by("name_pinyin", "pk")
    )


def by_level(deputies):
    """The deputies under each level of congress they serve in, from the national down (五级代表); a deputy
    of two levels is named under both."""
    named = {}
    for deputy in deputies:
        for mandate in deputy.current_mandates or [None]:
            named.setdefault(mandate.level if mandate else "", []).append(deputy)
    labels = dict(Level.choices)
    return [(labels.get(level, ""), named[level]) for level in [*Level.values, ""] if level in named]


@dataclass
class DutyCount:
    kind: str
    label: str
    times: int


def duty_summaries(deputy_ids, year):
    """This year's approved duties counted by kind, for every deputy at once: {deputy id: [DutyCount]}."""
    rows = (
        DutyRecord.objects.filter(
            deputy_id__in=deputy_ids,
            date__gte=date(year, 1, 1),
            date__lte=date(year, 12, 31),
            status=DutyRecord.Status.APPROVED,
        )
        .exclude(kind__in=NOT_SHOWN_KINDS)
        .values("deputy_id", "kind")
        .annotate(times=Sum("quantity"))
    )
    order = {kind: position for position, kind in enumerate(DutyKind.values)}
    labels = dict(DutyKind.choices)
    summaries = {}
    for row in sorted(rows, key=lambda row: order.get(row["kind"], len(order))):
        summaries.setdefault(row["deputy_id"], []).append(
            DutyCount(row["kind"], labels.get(row["kind"], row["kind"]), row["times"] or 0)
        )
    return summaries


def reports_to_voters(deputy_ids, *, limit=REPORTS_SHOWN):
    """The deputies' other reports to voters (述职, seed 004), newest first: date, deputy and title only;
    those of a meeting with the deputy's published report are shown with its text (published_reports)."""
    with_text = VoterReport.objects.filter(
        activity__invitations__pk=OuterRef("source_id"),
        deputy_id=OuterRef("deputy_id"),
        activity__published_at__isnull=False,
    )
    return (
        DutyRecord.objects.filter(
            deputy_id__in=deputy_ids, kind=DutyKind.REPORT_TO_VOTERS, status=DutyRecord.Status.APPROVED
        )
        .exclude(Q(source=DutyRecord.Source.ATTENDANCE) & Exists(with_text))
        .select_related("deputy")
        .only("date", "title", "deputy__name", "deputy__public_token")
        .order_by("-date", "-pk")[:limit]
    )


@dataclass
class PublishedYear:
    year: int
    published_at: object
    rows: list = field(default_factory=list)
    commendations: list = field(default_factory=list)


@dataclass
class PublishedResult:
    deputy: Deputy
    total: object
    minimums_met: bool
    excellent: bool


def published_results(deputies, *, places=(), years_shown=RESULT_YEARS_SHOWN):
    """The frozen results of the years staff published, for `deputies`, best total first; with `places`
    (a station's board), the year's commendations that concern them too."""
    years = list(
        # The whole deployment's row of a year holds its publishing (a level's rows only follow it).
        RuleSet.objects.filter(jurisdiction__isnull=True, published_at__isnull=False, frozen_at__isnull=False)
        .order_by("-year")
        .values_list("year", "published_at")[:years_shown]
    )
    if not years or not (deputies or places):
        return []
    by_id = {deputy.pk: deputy for deputy in deputies}
    wanted = [year for year, _published in years]
    excellent = set(
        Commendation.objects.filter(
            year__in=wanted,
            kind=Commendation.Kind.DEPUTY,
            status=Commendation.Status.SELECTED,
            deputy_id__in=by_id,
        ).values_list("year", "deputy_id")
    )
    published = {year: PublishedYear(year, at) for year, at in years}
    snapshots = ScoreSnapshot.objects.filter(year__in=wanted, deputy_id__in=by_id).order_by(
        "-total", "deputy_id"
    )
    for snapshot in snapshots.only("year", "deputy_id", "total", "missed"):
        published[snapshot.year].rows.append(
            PublishedResult(
                deputy=by_id[snapshot.deputy_id],
                total=snapshot.total,
                minimums_met=not snapshot.missed,
                excellent=(snapshot.year, snapshot.deputy_id) in excellent,
            )
        )
    if places:
        for commendation in published_commendations(places, list(by_id), wanted):
            published[commendation.year].commendations.append(commendation)
    return [published[year] for year in wanted]


def published_commendations(places, deputy_ids, years):
    """The year's selections a station's board shows (seeds 000, 004: 评先选优, 表彰先进单位): the station and
    its points, its deputies, the suggestions they led, and the handling units of merit of the levels the
    station lies in. Only for years whose results are published (the caller's `years`)."""
    levels = jurisdictions_holding(places[0]).values("pk")
    return list(
        Commendation.objects.filter(year__in=years, status=Commendation.Status.SELECTED)
        .filter(
            Q(station__in=places)
            | Q(deputy__in=deputy_ids)
            | Q(suggestion__lead_deputy__in=deputy_ids)
            | Q(unit__jurisdiction__in=levels)
            | Q(kind=Commendation.Kind.UNIT, unit__jurisdiction__isnull=True)
        )
        .select_related("deputy", "station", "suggestion", "unit")
        .only("year", "kind", "deputy__name", "station__name", "suggestion__title", "unit__name")
        .order_by("kind", "pk")
    )


def coming_days(station, *, weeks=SCHEDULE_WEEKS):
    now = timezone.now()
    return published_days(station, since=now).filter(starts_at__lt=now + timedelta(weeks=weeks))


def station_board(station):
    """Everything the public site of a station shows."""
    today = timezone.localdate()
    places = station_places(station)
    deputies = list(public_deputies(places, today=today))
    ids = [deputy.pk for deputy in deputies]
    return {
        "station": station,
        "places": places,
        "points": places[1:],
        "year": today.year,
        "deputies": deputies,
        "levels": by_level(deputies),
        "days": coming_days(station),
        "weeks": SCHEDULE_WEEKS,
        "reports": list(reports_to_voters(ids)),
        "voter_reports": published_reports(places=places, limit=REPORTS_SHOWN),
        "results": published_results(deputies, places=places),
    }


def deputy_board(deputy):
    """What a deputy's public page adds to who they are: this year's duties and reports to voters."""
    year = timezone.localdate().year
    return {
        "year": year,
        "duty_summary": duty_summaries([deputy.pk], year).get(deputy.pk, []),
        "reports": list(reports_to_voters([deputy.pk], limit=10)),
        "voter_reports": published_reports(deputy_ids=[deputy.pk], limit=10),
        "results": published_results([deputy]),
    }
