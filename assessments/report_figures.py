"""What the quarterly report counts (seed 003: quarterly 通报): its scope, the period's rows in that scope and
the summary's figures per station and per unit. The workbook (assessments/reports.py) streams the same
querysets into its detail sheets, so that every figure can be checked against the rows below it."""

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from deputies.models import Deputy, DeputyGroup
from liaison.activities.figures import voters_received_by_station
from liaison.activities.models import Activity, Invitation, Visit
from liaison.models import HandlingUnit, Jurisdiction, Station, Stationing
from liaison.selectors import stations_visible_to, street_of, streets_visible_to
from suggestions import rates
from voters.models import Channel, Opinion, Route

NO_STATION = 0


@dataclass
class Scope:
    """One liaison station with its points, or (station None) every station a staff member sees: the
    whole deployment (`whole`), or the stations under their jurisdiction, with its streets to compare."""

    station: Station | None = None
    stations: list = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None
    streets: list = field(default_factory=list)

    @property
    def whole(self):
        return self.station is None and self.jurisdiction is None

    @property
    def label(self):
        if self.station:
            return self.station.name
        return self.jurisdiction.name if self.jurisdiction else _("All stations")

    @property
    def ids(self):
        return [station.pk for station in self.stations]

    @cached_property
    def deputy_ids(self):
        """The deputies stationed in scope now, read once: those scored, and the only ones whose suggestions
        can be reported under its stations, so one station's rows are narrowed before any per-row subquery."""
        stationings = Stationing.objects.filter(station__in=self.ids, until__isnull=True)
        return list(stationings.order_by().values_list("deputy", flat=True).distinct())


def scope_for(station, user=None):
    """The report on `station` with its points; with none, on what `user` sees (no user: everything)."""
    if station is not None:
        return Scope(station, [station, *station.children.order_by("kind", "name")])
    scoped = user is not None and not user.sees_everything
    stations = stations_visible_to(user) if scoped else Station.objects.all()
    stations = list(
        stations.order_by("parent_id", "name").select_related("jurisdiction", "parent__jurisdiction")
    )
    # Each liaison station followed by its points.
    ordered = []
    for root in (s for s in stations if s.parent_id is None):
        ordered.append(root)
        ordered.extend(s for s in stations if s.parent_id == root.pk)
    streets = streets_visible_to(user) if user is not None else Jurisdiction.objects.filter(level="street")
    return Scope(None, ordered, user.jurisdiction if scoped else None, list(streets.select_related("parent")))


def in_scope(queryset, scope, field_name="station"):
    if scope.whole:
        return queryset
    return queryset.filter(**{f"{field_name}__in": scope.ids})


def activities(period, scope):
    start, end = period.bounds()
    return in_scope(
        Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(
            status=Activity.Status.CANCELLED
        ),
        scope,
    )


def visits(period, scope):
    return in_scope(Visit.objects.filter(date__gte=period.start, date__lte=period.end), scope)


def opinions(period, scope):
    start, end = period.bounds()
    # A merged opinion is the same matter counted once, in the opinion it was merged into.
    return in_scope(
        Opinion.objects.filter(received_at__gte=start, received_at__lt=end).exclude(
            status=Opinion.Status.MERGED
        ),
        scope,
    )


def _lead_stationing():
    return Stationing.objects.filter(deputy=OuterRef("lead_deputy"), until__isnull=True).order_by(
        "since", "pk"
    )


def lead_station():
    """The station a suggestion is reported under: its lead deputy's first current stationing."""
    return Subquery(_lead_stationing().values("station")[:1], output_field=IntegerField())


def lead_street():
    """The street a suggestion is reported under: that of its `lead_station`."""
    return Subquery(
        _lead_stationing().annotate(street=street_of()).values("street")[:1], output_field=IntegerField()
    )


def suggestions(period, scope):
    """The suggestions received in the period (suggestions.rates: rejected ones too), in scope."""
    queryset = rates.received(period.start, period.end)
    if scope.whole:
        return queryset.annotate(report_station=lead_station())
    return (
        queryset.filter(lead_deputy__in=scope.deputy_ids)
        .annotate(report_station=lead_station())
        .filter(report_station__in=scope.ids)
    )


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
        "on_time_rate": _fraction(figures["on_time_rate"]),
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
        ("on_time_rate", _("On-time reply rate (replied on time ÷ replied)"), "rate"),
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
    if scope.whole:
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
    present = _present(held)
    for item in present.values("activity__station_id").annotate(n=Count("deputy", distinct=True)).order_by():
        add(item["activity__station_id"], "deputies_attending", item["n"])
    logged = visits(period, scope)
    for item in logged.values("station_id").annotate(n=Count("pk")).order_by():
        add(item["station_id"], "visits", item["n"])
    for station_id, voters in voters_received_by_station(activities=held, visits=logged).items():
        add(station_id, "voters", voters)
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


def _present(held):
    return Invitation.objects.filter(activity__in=held.values("pk"), attendance=Invitation.Attendance.PRESENT)


def street_rows(period, scope, rows):
    """The summary's figures per street of the scope, to compare them (DOMAIN.md: the district compares
    its streets): the rows of each street's stations added up, deputies attending counted once per street.
    Key None gathers what lies in no street (activities of no station, stations of no street)."""
    street_of_station = {station.pk: getattr(station.street, "pk", None) for station in scope.stations}
    result = {street.pk: _empty_row() for street in scope.streets}
    for station_id, row in rows.items():
        street_row = result.setdefault(street_of_station.get(station_id), _empty_row())
        for name, value in row.items():
            if name != "deputies_attending":
                street_row[name] = street_row.get(name, 0) + value
    attending = (
        _present(activities(period, scope))
        .annotate(street=street_of("activity__station"))
        .values("street")
        .annotate(n=Count("deputy", distinct=True))
        .order_by()
    )
    for item in attending:
        result.setdefault(item["street"], _empty_row())["deputies_attending"] = item["n"]
    if not any(result.get(None, {}).values()):
        result.pop(None, None)
    return result


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
    units = HandlingUnit.objects.filter(pk__in=list(figures)).order_by("name").values("pk", "name", "kind")
    return [{**unit, **figures[unit["pk"]]} for unit in units]


def deputy_streets(scope):
    """Each deputy's street, by their first current stationing in scope (as `lead_station` reports their
    suggestions): the scores sheet's deputies per street."""
    stationings = in_scope(Stationing.objects.filter(until__isnull=True), scope)
    streets = {}
    rows = stationings.annotate(street=street_of()).order_by("since", "pk").values_list("deputy", "street")
    for deputy, street in rows:
        streets.setdefault(deputy, street)
    return streets


def score_deputies(scope):
    deputies = Deputy.objects.filter(is_active=True)
    if not scope.whole:
        deputies = deputies.filter(pk__in=scope.deputy_ids)
    return deputies.prefetch_related(
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name"))
    ).order_by("name_pinyin", "pk")
