"""The quarterly report to the standing committee (seed 003: quarterly 通报), as an Excel workbook.

The summary's figures (assessments/report_figures.py) are computed from the same querysets the detail
sheets stream, so that every figure can be checked against the rows below it. Rows come from the database
in chunks and go to a write-only workbook, so memory stays flat whatever the size (ECOSYSTEM.md)."""

from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import year_sheets
from assessments.models import DutyKind, Seat, Sitting, Speech
from assessments.periods import Period, year_period
from assessments.report_figures import (
    NO_STATION,
    activities,
    deputy_streets,
    opinions,
    score_deputies,
    street_rows,
    suggestion_cells,
    suggestion_columns,
    suggestions,
    summary,
    summary_columns,
    unit_rows,
    visits,
)
from assessments.scoring import compute_scores, ranks
from assessments.sheets import DATE_FORMAT, PERCENT_FORMAT, SheetWriter, joined, labels, total_label
from liaison.activities.figures import day_voters, visit_voters
from liaison.activities.models import Activity, Invitation, Visit
from liaison.core import excel
from liaison.models import HandlingUnit
from suggestions import rates
from suggestions.models import Suggestion
from voters.models import Category, Opinion

CHUNK = 1000
# Deputies scored at a time: a score holds its measures and minimums (~10 KB), a city has 10,000 deputies.
SCORE_PAGE = 500
COUNTS = ("invited", "present", "leave", "absent", "voters")


def _summary_values(row):
    cells = suggestion_cells({name: row.get(f"suggestions_{name}", 0) for name in rates.FIGURES})
    return [cells[key] if key in cells else row.get(key, 0) for key, _header, _kind in summary_columns()]


def _day(value):
    return timezone.localtime(value).date() if value else None


def quarterly_workbook(period, scope, progress=None):
    """The workbook: summary, then activities, visits, opinions, suggestions, units, the deputies'
    attendance and speeches at sessions and meetings, the monthly consultations, the reports to voters with
    their ratings, the year's livelihood projects, and the deputies' scores."""
    progress = progress or (lambda percent: None)
    workbook = excel.new_workbook()
    caption = _("%(scope)s · %(period)s · made %(date)s") % {
        "scope": scope.label,
        "period": period.label,
        # The day the overdue suggestions are counted on (suggestions.rates).
        "date": timezone.localdate().isoformat(),
    }
    names = {station.pk: station.name for station in scope.stations}
    names[NO_STATION] = _("No station")

    rows, totals = summary(period, scope)
    columns = summary_columns()
    formats = {
        index + 1: PERCENT_FORMAT for index, (_key, _header, kind) in enumerate(columns) if kind == "rate"
    }
    sheet = SheetWriter(
        workbook,
        _("Overview"),
        _("Quarterly report: %(caption)s") % {"caption": caption},
        [_("Station"), *(header for _key, header, _kind in columns)],
        widths=[26, *([12] * len(columns))],
        formats=formats,
    )
    for key, row in rows.items():
        sheet.row([names.get(key, str(key)), *_summary_values(row)])
    sheet.total([_("Total"), *_summary_values(totals)])
    progress(15)
    scores = _scores(period, scope)
    if scope.station is None:
        _streets_sheet(workbook, caption, period, scope, rows, totals, scores)

    _activities_sheet(workbook, caption, period, scope, names)
    progress(35)
    _visits_sheet(workbook, caption, period, scope, names)
    progress(45)
    _opinions_sheet(workbook, caption, period, scope, names)
    progress(60)
    _suggestions_sheet(workbook, caption, period, scope, names)
    progress(75)
    _units_sheet(workbook, caption, period, scope)
    _sittings_sheet(workbook, caption, period, scope)
    year_sheets.consultations_sheet(workbook, caption, period, scope, names)
    year_sheets.voter_reports_sheet(workbook, caption, period, scope, names)
    year_sheets.livelihood_sheet(workbook, caption, period, scope)
    progress(85)
    _scores_sheet(workbook, caption, scores)
    progress(95)
    return workbook


def _activities_sheet(workbook, caption, period, scope, names):
    sheet = SheetWriter(
        workbook,
        _("Activities"),
        caption,
        [
            _("Station"),
            _("Date"),
            _("Kind"),
            _("Title"),
            _("Status"),
            _("Invited"),
            _("Present"),
            _("On leave"),
            _("Absent"),
            _("Voters received"),
            _("Deputies present"),
        ],
        widths=[26, 12, 14, 36, 10, 8, 8, 8, 8, 10, 40],
        formats={1: DATE_FORMAT},
    )
    kinds, statuses = labels(Activity, "kind"), labels(Activity, "status")
    held = activities(period, scope)
    rows = (
        held.annotate(
            invited=Count("invitations"),
            present=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.PRESENT)),
            leave=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.LEAVE)),
            absent=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.ABSENT)),
            # The day's own voters (liaison/activities/figures.py); the Visits sheet has the rest.
            voters=day_voters(),
        )
        .order_by("starts_at", "pk")
        .values("pk", "station_id", "starts_at", "kind", "title", "status", *COUNTS)
    )
    # The deputies present, in the activities' order: a second stream, not a prefetch of each chunk.
    present = (
        Invitation.objects.filter(activity__in=held.values("pk"), attendance=Invitation.Attendance.PRESENT)
        .order_by("activity__starts_at", "activity_id", "deputy__name_pinyin", "deputy_id")
        .values_list("activity_id", "deputy__name")
    )
    sums = [0, 0, 0, 0, 0]
    for activity, deputies in joined(rows.iterator(chunk_size=CHUNK), present.iterator(chunk_size=CHUNK)):
        counts = [activity[key] for key in COUNTS]
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        sheet.row(
            [
                names.get(activity["station_id"] or NO_STATION, ""),
                _day(activity["starts_at"]),
                kinds[activity["kind"]],
                activity["title"],
                statuses[activity["status"]],
                *counts,
                "、".join(deputies),
            ]
        )
    sheet.total([total_label(sheet.count), "", "", "", "", *sums, ""])


def _visits_sheet(workbook, caption, period, scope, names):
    sheet = SheetWriter(
        workbook,
        _("Visits"),
        caption,
        [
            _("Station"),
            _("Date"),
            _("Kind"),
            _("Place"),
            _("Deputies present"),
            _("Voters met"),
            _("Counted as voters received"),
            _("Summary"),
        ],
        widths=[26, 12, 10, 20, 30, 10, 10, 50],
        formats={1: DATE_FORMAT},
    )
    voters = counted = 0
    # A visit of a reception day counts its voters through the day (liaison/activities/figures.py).
    kinds = labels(Visit, "kind")
    logged = visits(period, scope)
    rows = (
        logged.annotate(counted=visit_voters())
        .order_by("date", "pk")
        .values("pk", "station_id", "date", "kind", "place", "voters_met", "counted", "summary")
    )
    present = (
        Visit.deputies.through.objects.filter(visit__in=logged.values("pk"))
        .order_by("visit__date", "visit_id", "deputy__name_pinyin", "deputy_id")
        .values_list("visit_id", "deputy__name")
    )
    for visit, deputies in joined(rows.iterator(chunk_size=CHUNK), present.iterator(chunk_size=CHUNK)):
        voters += visit["voters_met"]
        counted += visit["counted"]
        sheet.row(
            [
                names.get(visit["station_id"], ""),
                visit["date"],
                kinds[visit["kind"]],
                visit["place"],
                "、".join(deputies),
                visit["voters_met"],
                visit["counted"],
                visit["summary"],
            ]
        )
    sheet.total([total_label(sheet.count), "", "", "", "", voters, counted, ""])


def _opinions_sheet(workbook, caption, period, scope, names):
    # No voter's name or phone here: the workbook is handed on (DOMAIN.md: personal data only where needed).
    sheet = SheetWriter(
        workbook,
        _("Opinions"),
        caption,
        [
            _("Tracking code"),
            _("Received on"),
            _("Station"),
            _("Channel"),
            _("Category"),
            _("Route"),
            _("Status"),
            _("Receiving deputy"),
            _("Handling unit"),
            _("Content"),
            _("Answer for the voter"),
        ],
        widths=[14, 12, 26, 12, 14, 22, 12, 10, 20, 50, 40],
        formats={1: DATE_FORMAT},
    )
    channels, statuses = labels(Opinion, "channel"), labels(Opinion, "status")
    routes = {**labels(Opinion, "route"), "": _("Not yet triaged")}
    categories = {category.pk: str(category) for category in Category.objects.all()}
    rows = (
        opinions(period, scope)
        .order_by("received_at", "pk")
        .values_list(
            "tracking_code",
            "received_at",
            "station_id",
            "channel",
            "category_id",
            "route",
            "status",
            "deputy__name",
            "handling_unit__name",
            "content",
            "reply",
        )
    )
    for (
        code,
        received,
        station,
        channel,
        category,
        route,
        status,
        deputy,
        unit,
        content,
        reply,
    ) in rows.iterator(chunk_size=CHUNK):
        sheet.row(
            [
                code,
                _day(received),
                names.get(station, ""),
                channels[channel],
                categories.get(category, ""),
                routes[route],
                statuses[status],
                deputy or "",
                unit or "",
                content,
                reply,
            ]
        )
    sheet.total([total_label(sheet.count), "", *([""] * 9)])


def _suggestions_sheet(workbook, caption, period, scope, names):
    sheet = SheetWriter(
        workbook,
        _("Suggestions"),
        caption,
        [
            _("Number"),
            _("Title"),
            _("Kind"),
            _("Lead deputy"),
            _("Joint deputies"),
            _("Station"),
            _("Submitted on"),
            _("Status"),
            _("Lead unit"),
            _("Result class"),
            _("Evaluation"),
            _("Replied on"),
            _("Completed on"),
            _("Replied on time"),
            _("Overdue on the day made"),
        ],
        widths=[12, 40, 10, 10, 24, 26, 12, 16, 20, 10, 12, 12, 12, 10, 10],
        formats={6: DATE_FORMAT, 11: DATE_FORMAT, 12: DATE_FORMAT},
    )
    yes = _("yes")
    kinds, statuses = labels(Suggestion, "kind"), labels(Suggestion, "status")
    ratings = {**labels(Suggestion, "rating"), "": ""}
    made = suggestions(period, scope)
    rows = (
        rates.flagged(made)
        .order_by("submitted_at", "pk")
        .values(
            "pk",
            "number",
            "title",
            "kind",
            "lead_deputy__name",
            "report_station",
            "submitted_at",
            "status",
            "lead_unit__name",
            "result_class",
            "rating",
            "replied_at",
            "closed_at",
            "in_time",
            "is_late",
        )
    )
    joint = (
        Suggestion.joint_deputies.through.objects.filter(suggestion__in=made.values("pk"))
        .order_by("suggestion__submitted_at", "suggestion_id", "deputy__name_pinyin", "deputy_id")
        .values_list("suggestion_id", "deputy__name")
    )
    for suggestion, deputies in joined(rows.iterator(chunk_size=CHUNK), joint.iterator(chunk_size=CHUNK)):
        sheet.row(
            [
                suggestion["number"],
                suggestion["title"],
                kinds[suggestion["kind"]],
                suggestion["lead_deputy__name"],
                "、".join(deputies),
                names.get(suggestion["report_station"] or NO_STATION, ""),
                _day(suggestion["submitted_at"]),
                statuses[suggestion["status"]],
                suggestion["lead_unit__name"] or "",
                suggestion["result_class"],
                ratings[suggestion["rating"]],
                _day(suggestion["replied_at"]),
                _day(suggestion["closed_at"]),
                yes if suggestion["in_time"] else "",
                yes if suggestion["is_late"] else "",
            ]
        )
    sheet.total([total_label(sheet.count), "", *([""] * 13)])


def _units_sheet(workbook, caption, period, scope):
    # The same columns as the summary's suggestions, under the headers this sheet always had.
    headers = {
        "suggestions_received": _("Suggestions led"),
        "suggestions_replied": _("Replied"),
        "suggestions_completed": _("Completed"),
        "completion_rate": _("Completion rate"),
        "on_time_rate": _("On-time reply rate"),
        "suggestions_evaluated": _("Evaluated"),
    }
    columns = suggestion_columns()
    sheet = SheetWriter(
        workbook,
        _("Units"),
        caption,
        [_("Handling unit"), _("Kind"), *(headers.get(key, header) for key, header, _kind in columns)],
        widths=[26, 14, *([12] * len(columns))],
        formats={index + 2: PERCENT_FORMAT for index, column in enumerate(columns) if column[2] == "rate"},
    )
    kinds = labels(HandlingUnit, "kind")
    sums = dict.fromkeys(rates.FIGURES, 0)
    for unit in unit_rows(period, scope):
        figures = {name: unit[name] or 0 for name in sums}
        for name, value in figures.items():
            sums[name] += value
        cells = suggestion_cells(figures)
        sheet.row([unit["name"], kinds[unit["kind"]], *(cells[key] for key, _header, _kind in columns)])
    cells = suggestion_cells(sums)
    sheet.total([_("Total"), "", *(cells[key] for key, _header, _kind in columns)])


def _sittings_sheet(workbook, caption, period, scope):
    """Each seat of a deputy of the scope at a session or meeting of the period, with their speeches there
    (seeds 003, 004): the rows the duty records of the kinds 出席人代会, 出席常委会会议, 发言 are made of."""
    sheet = SheetWriter(
        workbook,
        _("Sessions and meetings"),
        caption,
        [
            _("Date"),
            _("Kind"),
            _("Title"),
            _("Deputy"),
            _("Role"),
            _("Topic"),
            _("Attendance"),
            _("Speeches"),
        ],
        widths=[12, 16, 36, 12, 10, 20, 10, 40],
        formats={0: DATE_FORMAT},
    )
    seats = (
        Seat.objects.filter(
            sitting__starts_on__gte=period.start,
            sitting__starts_on__lte=period.end,
            deputy__in=score_deputies(scope).values("pk"),
        )
        .order_by("sitting__starts_on", "sitting_id", "deputy__name_pinyin", "pk")
        .values_list(
            "sitting_id",
            "deputy_id",
            "sitting__starts_on",
            "sitting__kind",
            "sitting__title",
            "deputy__name",
            "role",
            "topic",
            "attendance",
        )
    )
    kinds, roles, attendances = labels(Sitting, "kind"), labels(Seat, "role"), labels(Seat, "attendance")
    spoken = {}
    for sitting_id, deputy_id, topic in Speech.objects.filter(
        sitting__in=seats.values("sitting")
    ).values_list("sitting_id", "deputy_id", "topic"):
        spoken.setdefault((sitting_id, deputy_id), []).append(topic)
    counts = dict.fromkeys(Seat.Attendance.values, 0)
    speeches = 0
    for sitting, deputy, starts_on, kind, title, name, role, topic, attendance in seats.iterator(
        chunk_size=CHUNK
    ):
        topics = spoken.get((sitting, deputy), [])
        counts[attendance] += 1
        speeches += len(topics)
        sheet.row(
            [
                starts_on,
                kinds[kind],
                title,
                name,
                roles[role],
                topic,
                attendances[attendance],
                "；".join(topics),
            ]
        )
    present = _("Present %(present)s, on leave %(leave)s, absent %(absent)s") % counts
    sheet.total([total_label(sheet.count), "", "", "", "", "", present, speeches])


class Scored(NamedTuple):
    """What the workbook keeps of a deputy's score: the Streets sheet's figures and the Scores sheet's cells."""

    deputy: int
    total: Decimal
    missed: bool
    cells: tuple


def _scores(period, scope):
    """The deputies' scores, highest first, scored a page of deputies at a time and each kept as its row."""
    kinds = list(DutyKind)
    deputies = score_deputies(scope)
    ids = list(deputies.values_list("pk", flat=True))
    minimums_period = Period(year_period(period.start.year).start, period.end)
    scored = []
    for start in range(0, len(ids), SCORE_PAGE):
        page = deputies.filter(pk__in=ids[start : start + SCORE_PAGE])
        for score in compute_scores(page, period=period, minimums_period=minimums_period):
            cells = (
                score.deputy.name,
                "、".join(group.name for group in score.deputy.deputy_groups.all()),
                *(float(score.points_of(kind.value)) for kind in kinds),
                float(score.total),
                score.missed_labels,
            )
            scored.append(Scored(score.deputy.pk, score.total, bool(score.missed), cells))
    # Scored in the deputies' order (name_pinyin, pk): a stable sort on the total ranks as assign_ranks does.
    scored.sort(key=lambda score: -score.total)
    return scored


def _streets_sheet(workbook, caption, period, scope, rows, totals, scores):
    """One row per street, to compare them (DOMAIN.md: the district compares its streets): the overview's
    figures added up per street, and the street's deputies' duty points of the period."""
    columns = summary_columns()
    duty = [_("Deputies scored"), _("Duty points"), _("Deputies below the minimums (year to date)")]
    offset = 2
    sheet = SheetWriter(
        workbook,
        _("Streets"),
        _("Streets compared: %(caption)s") % {"caption": caption},
        [_("District"), _("Street or town"), *(header for _key, header, _kind in columns), *duty],
        widths=[14, 16, *([12] * (len(columns) + len(duty)))],
        formats={
            index + offset: PERCENT_FORMAT for index, column in enumerate(columns) if column[2] == "rate"
        },
    )
    by_street = street_rows(period, scope, rows)
    streets_of = deputy_streets(scope)
    duties = {}
    for score in scores:
        figures = duties.setdefault(streets_of.get(score.deputy), [0, Decimal(0), 0])
        figures[0] += 1
        figures[1] += score.total
        figures[2] += 1 if score.missed else 0
    named = [
        (street.pk, street.parent.name if street.parent_id else "", street.name) for street in scope.streets
    ]
    if None in by_street or None in duties:
        named.append((None, "", _("No street")))
    for key, district, name in named:
        deputies, points, below = duties.get(key, [0, Decimal(0), 0])
        sheet.row([district, name, *_summary_values(by_street.get(key, {})), deputies, float(points), below])
    all_points = sum((score.total for score in scores), Decimal(0))
    below = sum(1 for score in scores if score.missed)
    sheet.total([_("Total"), "", *_summary_values(totals), len(scores), float(all_points), below])


def _scores_sheet(workbook, caption, scores):
    kinds = list(DutyKind)
    sheet = SheetWriter(
        workbook,
        _("Scores"),
        caption,
        [
            _("Rank"),
            _("Deputy"),
            _("Deputy groups"),
            *(kind.label for kind in kinds),
            _("Total"),
            _("Minimums missed (year to date)"),
        ],
        widths=[6, 10, 24, *([8] * len(kinds)), 8, 40],
    )
    total = Decimal(0)
    for score, rank in zip(scores, ranks(score.total for score in scores), strict=True):
        total += score.total
        sheet.row([rank, *score.cells])
    sheet.total([total_label(sheet.count), "", "", *([""] * len(kinds)), float(total), ""])
