"""The quarterly report to the standing committee (seed 003: quarterly 通报), as an Excel workbook.

The summary's figures are computed from the same querysets the detail sheets stream, so that every
figure can be checked against the rows below it. Rows come from the database in chunks and go to a
write-only workbook, so memory stays flat whatever the size (ECOSYSTEM.md)."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from assessments.models import DutyKind
from assessments.periods import Period, year_period
from assessments.rules import rules_for
from assessments.scoring import assign_ranks, compute_scores
from deputies.models import Deputy, DeputyGroup
from liaison.activities.models import Activity, Invitation, Visit
from liaison.core import excel
from liaison.models import HandlingUnit, Station, Stationing
from suggestions import rates
from voters.models import Channel, Opinion, Route

CHUNK = 1000
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = "0.0%"
NO_STATION = 0


@dataclass
class Scope:
    """One liaison station with its points, or every station (station None)."""

    station: Station | None = None
    stations: list = field(default_factory=list)

    @property
    def label(self):
        return self.station.name if self.station else _("All stations")

    @property
    def ids(self):
        return [station.pk for station in self.stations]


def scope_for(station):
    if station is None:
        stations = list(Station.objects.order_by("parent_id", "name").select_related("parent"))
        # Each liaison station followed by its points.
        roots = [s for s in stations if s.parent_id is None]
        ordered = []
        for root in roots:
            ordered.append(root)
            ordered.extend(s for s in stations if s.parent_id == root.pk)
        return Scope(None, ordered)
    return Scope(station, [station, *station.children.order_by("kind", "name")])


def _in_scope(queryset, scope, field_name="station"):
    if scope.station is None:
        return queryset
    return queryset.filter(**{f"{field_name}__in": scope.ids})


def activities(period, scope):
    start, end = period.bounds()
    return _in_scope(
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
            status=Activity.Status.CANCELLED
        ),
        scope,
    )


def visits(period, scope):
    return _in_scope(Visit.objects.filter(date__gte=period.start, date__lte=period.end), scope)


def opinions(period, scope):
    start, end = period.bounds()
    # A merged opinion is the same matter counted once, in the opinion it was merged into.
    return _in_scope(
        Opinion.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
            status=Opinion.Status.MERGED
        ),
        scope,
    )


def lead_station():
    """The station a suggestion is reported under: its lead deputy's first current stationing."""
    return Subquery(
        Stationing.objects.filter(deputy=OuterRef("lead_deputy"), until__isnull=True)
        .order_by("since", "pk")
        .values("station")[:1],
        output_field=IntegerField(),
    )


def suggestions(period, scope):
    """The suggestions received in the period (suggestions.rates: rejected ones too), in scope."""
    queryset = rates.received(period.start, period.end).annotate(report_station=lead_station())
    if scope.station is not None:
        queryset = queryset.filter(report_station__in=scope.ids)
    return queryset


def _fraction(percent):
    """A rate of suggestions.rates (in percent) as Excel's percent cells want it."""
    return None if percent is None else percent / 100


def suggestion_cells(figures):
    """The suggestions' cells of a summary or units row, by column key, from suggestions.rates' counts."""
    figures = rates.with_rates({name: figures.get(name) or 0 for name in rates.FIGURES})
    return {
        "suggestions_received": figures["received"],
        "suggestions_replied": figures["replied"],
        "suggestions_on_time": figures["on_time"],
        "suggestions_overdue": figures["overdue"],
        "suggestions_completed": figures["completed"],
        "completion_rate": _fraction(figures["completion_rate"]),
        "suggestions_evaluated": figures["evaluated"],
        "suggestions_satisfied": figures["satisfied"],
        "suggestions_satisfied_or_basically": figures["satisfied"] + figures["basically"],
        "satisfied_rate": _fraction(figures["satisfied_rate"]),
        "satisfaction_rate": _fraction(figures["satisfied_or_basically_rate"]),
    }


def suggestion_columns():
    """(key, header, kind) of the suggestions' columns; kind 'rate' is a share of two counts."""
    return [
        ("suggestions_received", _("Suggestions received"), "count"),
        ("suggestions_replied", _("Suggestions replied"), "count"),
        ("suggestions_on_time", _("Replied on time"), "count"),
        ("suggestions_overdue", _("Overdue on the day made"), "count"),
        ("suggestions_completed", _("Suggestions completed"), "count"),
        ("completion_rate", _("Completion rate (completed ÷ received)"), "rate"),
        ("suggestions_evaluated", _("Suggestions evaluated"), "count"),
        ("suggestions_satisfied", _("Satisfied"), "count"),
        ("suggestions_satisfied_or_basically", _("Satisfied or basically satisfied"), "count"),
        ("satisfied_rate", _("Satisfaction rate (satisfied ÷ evaluated)"), "rate"),
        ("satisfaction_rate", _("Satisfaction rate (satisfied and basically satisfied ÷ evaluated)"), "rate"),
    ]


def summary(period, scope):
    """The summary's figures per station (key NO_STATION for what has no station), and the totals."""
    rows = {station.pk: _empty_row() for station in scope.stations}
    if scope.station is None:
        rows[NO_STATION] = _empty_row()

    def add(key, name, value):
        row = rows.setdefault(key or NO_STATION, _empty_row())
        row[name] = row.get(name, 0) + (value or 0)

    held = activities(period, scope)
    for item in held.values("station_id", "kind").annotate(n=Count("pk")).order_by():
        add(item["station_id"], f"activity:{item['kind']}", item["n"])
    for item in (
        held.filter(kind=Activity.Kind.RECEPTION, status=Activity.Status.DONE)
        .values("station_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        add(item["station_id"], "reception_days", item["n"])
    present = Invitation.objects.filter(
        activity__in=held.values("pk"), attendance=Invitation.Attendance.PRESENT
    )
    for item in present.values("activity__station_id").annotate(n=Count("deputy", distinct=True)).order_by():
        add(item["activity__station_id"], "deputies_attending", item["n"])
    for item in (
        visits(period, scope)
        .values("station_id")
        .annotate(n=Count("pk"), voters=Sum("voters_met"))
        .order_by()
    ):
        add(item["station_id"], "visits", item["n"])
        add(item["station_id"], "voters", item["voters"])
    received = opinions(period, scope)
    for item in received.values("station_id", "channel").annotate(n=Count("pk")).order_by():
        add(item["station_id"], f"channel:{item['channel']}", item["n"])
        add(item["station_id"], "opinions", item["n"])
    for item in received.values("station_id", "route").annotate(n=Count("pk")).order_by():
        add(item["station_id"], f"route:{item['route']}", item["n"])
    made = suggestions(period, scope)
    for item in made.values("report_station").annotate(**rates.counts()).order_by():
        for name in rates.FIGURES:
            add(item["report_station"], f"suggestions_{name}", item[name])
    totals = _empty_row()
    for row in rows.values():
        for name, value in row.items():
            totals[name] = totals.get(name, 0) + value
    # Deputies attending: distinct across the scope, not the sum of the stations'.
    totals["deputies_attending"] = present.values("deputy").distinct().count()
    return rows, totals


def _empty_row():
    return {}


def summary_columns():
    """(key, header, kind) for the summary sheet; kind 'rate' columns are computed from two counts."""
    columns = [
        (f"activity:{kind}", _("Activities: %(kind)s") % {"kind": label}, "count")
        for kind, label in Activity.Kind.choices
    ]
    columns += [
        ("reception_days", _("Reception days held"), "count"),
        ("deputies_attending", _("Deputies attending"), "count"),
        ("visits", _("Visits logged"), "count"),
        ("voters", _("Voters received"), "count"),
        ("opinions", _("Opinions received"), "count"),
    ]
    columns += [
        (f"channel:{key}", _("Opinions by channel: %(channel)s") % {"channel": label}, "count")
        for key, label in Channel.choices
    ]
    columns += [
        (f"route:{key}", _("Opinions by route: %(route)s") % {"route": label}, "count")
        for key, label in Route.choices
    ]
    columns += [
        ("route:", _("Opinions not yet triaged"), "count"),
        *suggestion_columns(),
    ]
    return columns


def _summary_values(row):
    cells = suggestion_cells({name: row.get(f"suggestions_{name}", 0) for name in rates.FIGURES})
    return [cells[key] if key in cells else row.get(key, 0) for key, _header, _kind in summary_columns()]


class SheetWriter:
    """A write-only sheet with a title row, a bold frozen header, an auto-filter, widths and formats."""

    def __init__(self, workbook, title, caption, headers, *, widths=None, formats=None):
        self.sheet = workbook.create_sheet(title=title[:31])
        self.headers = headers
        self.formats = formats or {}
        self.sheet.freeze_panes = "A3"
        for index, width in enumerate(widths or [], start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.append([excel.cell(self.sheet, caption, bold=True)])
        self.sheet.append([excel.cell(self.sheet, str(header), bold=True) for header in headers])
        self.count = 0

    def row(self, values):
        self.sheet.append(
            [
                excel.value(self.sheet, value, number_format=self.formats.get(index))
                for index, value in enumerate(values)
            ]
        )
        self.count += 1

    def total(self, values):
        """The totals row, under the filtered range; only rates keep their format (no count shown as a date)."""
        self.sheet.auto_filter.ref = f"A2:{get_column_letter(len(self.headers))}{self.count + 2}"
        self.sheet.append(
            [
                excel.cell(
                    self.sheet,
                    _plain(value),
                    bold=True,
                    number_format=PERCENT_FORMAT if self.formats.get(index) == PERCENT_FORMAT else None,
                )
                for index, value in enumerate(values)
            ]
        )

    def close(self):
        if not self.sheet.auto_filter.ref:
            self.sheet.auto_filter.ref = f"A2:{get_column_letter(len(self.headers))}{self.count + 2}"


def total_label(count):
    return _("Total (%(count)s rows)") % {"count": count}


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


def _day(value):
    return timezone.localtime(value).date() if value else None


def quarterly_workbook(period, scope, progress=None):
    """The workbook: summary, then activities, visits, opinions, suggestions, units and deputies' scores."""
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

    _activities_sheet(workbook, caption, period, scope, names)
    progress(35)
    _visits_sheet(workbook, caption, period, scope, names)
    progress(45)
    _opinions_sheet(workbook, caption, period, scope, names)
    progress(60)
    _suggestions_sheet(workbook, caption, period, scope, names)
    progress(75)
    _units_sheet(workbook, caption, period, scope)
    progress(85)
    _scores_sheet(workbook, caption, period, scope)
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
            _("Deputies present"),
        ],
        widths=[26, 12, 14, 36, 10, 8, 8, 8, 8, 40],
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
        )
        .prefetch_related(Prefetch("invitations", queryset=present, to_attr="present_invitations"))
        .order_by("starts_at", "pk")
    )
    sums = [0, 0, 0, 0]
    for activity in queryset.iterator(chunk_size=CHUNK):
        counts = [activity.invited, activity.present, activity.leave, activity.absent]
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
            _("Summary"),
        ],
        widths=[26, 12, 10, 20, 30, 10, 50],
        formats={1: DATE_FORMAT},
    )
    voters = 0
    queryset = visits(period, scope).prefetch_related("deputies").order_by("date", "pk")
    for visit in queryset.iterator(chunk_size=CHUNK):
        voters += visit.voters_met
        sheet.row(
            [
                names.get(visit.station_id, ""),
                visit.date,
                visit.get_kind_display(),
                visit.place,
                "、".join(deputy.name for deputy in visit.deputies.all()),
                visit.voters_met,
                visit.summary,
            ]
        )
    sheet.total([total_label(sheet.count), "", "", "", "", voters, ""])


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


def unit_rows(period, scope):
    """The units that led suggestions of the period in scope, with their figures, by name: one GROUP BY
    over those suggestions, not five subqueries per unit (a city has 300 units; issue 9)."""
    figures = {
        row.pop("lead_unit"): row
        for row in suggestions(period, scope)
        .filter(lead_unit__isnull=False)
        .order_by()
        .values("lead_unit")
        .annotate(**rates.counts())
    }
    units = list(HandlingUnit.objects.filter(pk__in=list(figures)).order_by("name"))
    for unit in units:
        for name, value in figures[unit.pk].items():
            setattr(unit, name, value)
    return units


def _units_sheet(workbook, caption, period, scope):
    # The same columns as the summary's suggestions, under the headers this sheet always had.
    headers = {
        "suggestions_received": _("Suggestions led"),
        "suggestions_replied": _("Replied"),
        "suggestions_completed": _("Completed"),
        "completion_rate": _("Completion rate"),
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


def score_deputies(scope):
    deputies = Deputy.objects.filter(is_active=True)
    if scope.station is not None:
        deputies = deputies.filter(
            pk__in=Stationing.objects.filter(station__in=scope.ids, until__isnull=True).values("deputy")
        )
    return deputies.prefetch_related(
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name"))
    ).order_by("name_pinyin", "pk")


def _scores_sheet(workbook, caption, period, scope):
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
    scores = compute_scores(
        score_deputies(scope),
        period=period,
        rules=rules_for(period.start.year),
        minimums_period=Period(year_period(period.start.year).start, period.end),
    )
    total = Decimal(0)
    for score in assign_ranks(scores):
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
