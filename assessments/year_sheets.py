"""The quarterly workbook's sheets of the rest of the station's year (issue 16): the monthly consultations and
what they decided (seed 001), the reports to voters with the voters' ratings (seed 004), and the livelihood
projects voted on and followed (seed 003). Each sheet is one query, whatever the period's size."""

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.report_figures import in_scope
from assessments.sheets import DATE_FORMAT, PERCENT_FORMAT, SheetWriter, labels, total_label
from liaison.activities.models import Activity, Invitation, VoterReport
from liaison.activities.ratings import with_results
from liaison.core.rates import satisfaction_rate_with_basically
from liaison.livelihood.models import Project
from suggestions.models import Consultation, Suggestion

CHUNK = 1000
TOTALS = ("present", "agenda", "applied", "refused")


def consultations_sheet(workbook, caption, period, scope, names):
    """Each station's monthly meeting of the period: who sat in it, how much of its agenda it decided."""
    sheet = SheetWriter(
        workbook,
        _("Monthly consultations"),
        caption,
        [
            _("Month"),
            _("Station"),
            _("Status"),
            _("Deputies present"),
            _("Opinions on the agenda"),
            _("Decisions applied"),
            _("Routed elsewhere meanwhile"),
        ],
        widths=[12, 26, 14, 12, 14, 14, 14],
        formats={0: DATE_FORMAT},
    )
    present = Q(activity__invitations__attendance=Invitation.Attendance.PRESENT)
    meetings = (
        in_scope(Consultation.objects.filter(month__gte=period.start, month__lte=period.end), scope)
        .annotate(
            present=Count("activity__invitations", filter=present, distinct=True),
            agenda=Count("items", distinct=True),
            applied=Count("items", filter=Q(items__applied_at__isnull=False), distinct=True),
            refused=Count("items", filter=~Q(items__refusal=""), distinct=True),
        )
        .order_by("month", "station__name", "pk")
        .values("month", "station_id", "status", *TOTALS)
    )
    statuses = labels(Consultation, "status")
    totals = dict.fromkeys(TOTALS, 0)
    for meeting in meetings.iterator(chunk_size=CHUNK):
        for key in totals:
            totals[key] += meeting[key]
        sheet.row(
            [
                meeting["month"],
                names.get(meeting["station_id"], ""),
                statuses[meeting["status"]],
                *(meeting[key] for key in TOTALS),
            ]
        )
    sheet.total([total_label(sheet.count), "", "", *totals.values()])


def voter_reports_sheet(workbook, caption, period, scope, names):
    """Each deputy's report to voters in the period with the voters' ratings, paper and phones together."""
    sheet = SheetWriter(
        workbook,
        _("Reports to voters"),
        caption,
        [
            _("Date"),
            _("Station"),
            _("Deputy"),
            _("Title"),
            _("Satisfied"),
            _("Basically satisfied"),
            _("Unsatisfied"),
            _("Satisfaction rate (satisfied + basically)"),
        ],
        widths=[12, 26, 12, 36, 10, 10, 10, 14],
        formats={0: DATE_FORMAT, 7: PERCENT_FORMAT},
    )
    start, end = period.bounds()
    reports = (
        with_results(
            in_scope(
                VoterReport.objects.filter(activity__starts_at__gte=start, activity__starts_at__lt=end),
                scope,
                "activity__station",
            ).exclude(activity__status=Activity.Status.CANCELLED)
        )
        .order_by("activity__starts_at", "deputy__name_pinyin", "pk")
        .values_list(
            "activity__starts_at",
            "activity__station_id",
            "deputy__name",
            "activity__title",
            "satisfied",
            "basically",
            "unsatisfied",
        )
    )
    counts = [0, 0, 0]
    for starts_at, station, deputy, title, *results in reports.iterator(chunk_size=CHUNK):
        counts = [a + b for a, b in zip(counts, results, strict=True)]
        satisfied, basically, unsatisfied = results
        rate = satisfaction_rate_with_basically(satisfied, basically, satisfied + basically + unsatisfied)
        sheet.row(
            [
                timezone.localdate(starts_at),
                names.get(station, ""),
                deputy,
                title,
                *results,
                None if rate is None else rate / 100,
            ]
        )
    sheet.total([total_label(sheet.count), "", "", "", *counts, ""])


def _projects_in_scope(projects, scope):
    """The projects of the scope's streets: a station's own street, a jurisdiction's and those below it."""
    if scope.whole:
        return projects
    if scope.station is not None:
        return projects.filter(jurisdiction=scope.station.jurisdiction_id)
    return projects.filter(jurisdiction__path__startswith=scope.jurisdiction.path)


def livelihood_sheet(workbook, caption, period, scope):
    """The year's livelihood projects (民生实事) as they stand: the vote on each, its progress and the
    supervising deputies' visits and evaluations so far."""
    sheet = SheetWriter(
        workbook,
        _("Livelihood projects"),
        caption,
        [
            _("Title"),
            _("Jurisdiction"),
            _("Responsible unit"),
            _("Status"),
            _("Voted on"),
            _("For"),
            _("Against"),
            _("Abstain"),
            _("Progress"),
            _("Supervision visits"),
            _("Satisfied"),
            _("Evaluated"),
        ],
        widths=[36, 16, 24, 18, 12, 8, 8, 8, 10, 10, 10, 10],
        formats={4: DATE_FORMAT, 8: PERCENT_FORMAT},
    )
    satisfied = Q(evaluations__rating=Suggestion.Rating.SATISFIED)
    projects = (
        _projects_in_scope(Project.objects.filter(year=period.start.year), scope)
        .exclude(status=Project.Status.WITHDRAWN)
        .annotate(
            progress=Max("reports__percent"),
            visit_count=Count("visits", distinct=True),
            satisfied_count=Count("evaluations", filter=satisfied, distinct=True),
            evaluation_count=Count("evaluations", distinct=True),
        )
        .order_by("jurisdiction__name", "title", "pk")
        .values_list(
            "title",
            "jurisdiction__name",
            "unit__name",
            "status",
            "ballot__vote__held_on",
            "ballot__votes_for",
            "ballot__votes_against",
            "ballot__votes_abstain",
            "progress",
            "visit_count",
            "satisfied_count",
            "evaluation_count",
        )
    )
    statuses = labels(Project, "status")
    for (
        title,
        jurisdiction,
        unit,
        status,
        *ballot,
        progress,
        visits,
        satisfied,
        evaluated,
    ) in projects.iterator(chunk_size=CHUNK):
        sheet.row(
            [
                title,
                jurisdiction,
                unit or "",
                statuses[status],
                *ballot,
                None if progress is None else progress / 100,
                visits,
                satisfied,
                evaluated,
            ]
        )
    sheet.total([total_label(sheet.count)])
