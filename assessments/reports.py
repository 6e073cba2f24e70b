"""The quarterly report to the standing committee (seed 003: quarterly 通报), as an Excel workbook.

The summary's figures (assessments/report_figures.py) are computed from the same querysets the detail
sheets stream, so that every figure can be checked against the rows below it. Rows come from the database
in chunks and go to a write-only workbook, so memory stays flat whatever the size (ECOSYSTEM.md)."""

from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments import year_sheets
from assessments.models import DutyKind, Seat, Speech
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
from assessments.scoring import assign_ranks, compute_scores
from assessments.sheets import DATE_FORMAT, PERCENT_FORMAT, SheetWriter, total_label
from liaison.activities.figures import day_voters, visit_voters
from liaison.activities.models import Invitation
from liaison.core import excel
from suggestions import rates

CHUNK = 1000


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
    scores = assign_ranks(_scores(period, scope))
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
    present = Invitation.objects.filter(attendance=Invitation.Attendance.PRESENT).select_related("deputy")
    queryset = (
        activities(period, scope)
        .annotate(
            invited=Count("invitations"),
            present=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.PRESENT)),
            leave=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.LEAVE)),
            absent=Count("invitations", filter=Q(invitations__attendance=Invitation.Attendance.ABSENT)),
            # The day's own voters (liaison/activities/figures.py); the Visits sheet has the rest.
            voters=day_voters(),
        )
        .prefetch_related(Prefetch("invitations", queryset=present, to_attr="present_invitations"))
        .order_by("starts_at", "pk")
    )
    sums = [0, 0, 0, 0, 0]
    for activity in queryset.iterator(chunk_size=CHUNK):
        counts = [activity.invited, activity.present, activity.leave, activity.absent, activity.voters]
        sums = [a + b for a, b in zip(sums, counts, strict=True)]
        sheet.row(
            [
                names.get(activity.station_id or NO_STATION, ""),
                _day(activity.starts_at),
                activity.get_kind_display(),
                activity.title,
                activity.get_status_display(),
                *counts,
                "、".join(invitation.deputy.name for invitation in activity.present_invitations),
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
    queryset = (
        visits(period, scope)
        .annotate(counted=visit_voters())
        .prefetch_related("deputies")
        .order_by("date", "pk")
    )
    for visit in queryset.iterator(chunk_size=CHUNK):
        voters += visit.voters_met
        counted += visit.counted
        sheet.row(
            [
                names.get(visit.station_id, ""),
                visit.date,
                visit.get_kind_display(),
                visit.place,
                "、".join(deputy.name for deputy in visit.deputies.all()),
                visit.voters_met,
                visit.counted,
                visit.summary,
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
    queryset = (
        opinions(period, scope)
        .select_related("category", "deputy", "handling_unit")
        .order_by("received_at", "pk")
    )
    for opinion in queryset.iterator(chunk_size=CHUNK):
        sheet.row(
            [
                opinion.tracking_code,
                _day(opinion.received_at),
                names.get(opinion.station_id, ""),
                opinion.get_channel_display(),
                str(opinion.category or ""),
                opinion.get_route_display() if opinion.route else _("Not yet triaged"),
                opinion.get_status_display(),
                opinion.deputy.name if opinion.deputy else "",
                opinion.handling_unit.name if opinion.handling_unit else "",
                opinion.content,
                opinion.reply,
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
    queryset = (
        rates.flagged(suggestions(period, scope))
        .select_related("lead_deputy", "lead_unit")
        .prefetch_related("joint_deputies")
        .order_by("submitted_at", "pk")
    )
    for suggestion in queryset.iterator(chunk_size=CHUNK):
        sheet.row(
            [
                suggestion.number,
                suggestion.title,
                suggestion.get_kind_display(),
                suggestion.lead_deputy.name,
                "、".join(deputy.name for deputy in suggestion.joint_deputies.all()),
                names.get(suggestion.report_station or NO_STATION, ""),
                _day(suggestion.submitted_at),
                suggestion.get_status_display(),
                suggestion.lead_unit.name if suggestion.lead_unit else "",
                suggestion.result_class,
                suggestion.get_rating_display() if suggestion.rating else "",
                _day(suggestion.replied_at),
                _day(suggestion.closed_at),
                yes if suggestion.in_time else "",
                yes if suggestion.is_late else "",
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
    sums = dict.fromkeys(rates.FIGURES, 0)
    for unit in unit_rows(period, scope):
        figures = {name: getattr(unit, name) or 0 for name in sums}
        for name, value in figures.items():
            sums[name] += value
        cells = suggestion_cells(figures)
        sheet.row([unit.name, unit.get_kind_display(), *(cells[key] for key, _header, _kind in columns)])
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
        .select_related("sitting", "deputy")
        .order_by("sitting__starts_on", "sitting_id", "deputy__name_pinyin", "pk")
    )
    spoken = {}
    for sitting_id, deputy_id, topic in Speech.objects.filter(
        sitting__in=seats.values("sitting")
    ).values_list("sitting_id", "deputy_id", "topic"):
        spoken.setdefault((sitting_id, deputy_id), []).append(topic)
    counts = dict.fromkeys(Seat.Attendance.values, 0)
    speeches = 0
    for seat in seats.iterator(chunk_size=CHUNK):
        topics = spoken.get((seat.sitting_id, seat.deputy_id), [])
        counts[seat.attendance] += 1
        speeches += len(topics)
        sheet.row(
            [
                seat.sitting.starts_on,
                seat.sitting.get_kind_display(),
                seat.sitting.title,
                seat.deputy.name,
                seat.get_role_display(),
                seat.topic,
                seat.get_attendance_display(),
                "；".join(topics),
            ]
        )
    present = _("Present %(present)s, on leave %(leave)s, absent %(absent)s") % counts
    sheet.total([total_label(sheet.count), "", "", "", "", "", present, speeches])


def _scores(period, scope):
    return compute_scores(
        score_deputies(scope),
        period=period,
        minimums_period=Period(year_period(period.start.year).start, period.end),
    )


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
        figures = duties.setdefault(streets_of.get(score.deputy.pk), [0, Decimal(0), 0])
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
    for score in scores:
        total += score.total
        sheet.row(
            [
                score.rank,
                score.deputy.name,
                "、".join(group.name for group in score.deputy.deputy_groups.all()),
                *(float(score.points_of(kind.value)) for kind in kinds),
                float(score.total),
                score.missed_labels,
            ]
        )
    sheet.total([total_label(sheet.count), "", "", *([""] * len(kinds)), float(total), ""])
