"""The staff dashboard's full tables, each a paginated list of its own (the dashboard shows a few rows and
links here): the lead units' rates by quarter, the stations' activities held, the streets compared. Each page
reads its page of rows by name, then counts for those rows only, in a fixed number of grouped queries, with the
rooms' own selectors for scope and the rates of suggestions.rates."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from assessments.periods import quarter_name, quarter_period
from assessments.scoring import year_scores
from assessments.selectors import scored_deputies
from liaison.activities.models import Activity
from liaison.activities.selectors import activities_filtered, activities_visible_to
from liaison.home.figures import link, rounded_rate
from liaison.home.street_comparison import street_table
from liaison.models import Stationing
from liaison.selectors import stations_visible_to, street_of, streets_visible_to, units_visible_to
from suggestions import rates
from suggestions.selectors import rates_by_quarter


def _named(queryset, text):
    return queryset.filter(name__contains=text) if text else queryset


def _quarters(year):
    today = timezone.localdate()
    return list(range(1, (4 if year < today.year else (today.month - 1) // 3 + 1) + 1))


def units_in(user, text=""):
    """The lead units a staff member's rates are about, by name (the rows of the units' table)."""
    return _named(units_visible_to(user), text).order_by("name", "pk")


def quarter_labels(year):
    return [quarter_name(quarter) for quarter in _quarters(year)]


def unit_rows(user, year, units):
    """For each of `units`: the year's counts and rates, and each quarter's (one grouped query)."""
    cells = {(row["lead_unit"], row["quarter"]): row for row in rates_by_quarter(user, year, units=units)}
    quarters = _quarters(year)
    table = []
    for unit in units:
        year_counts = dict.fromkeys(rates.FIGURES, 0)
        quarter_cells = []
        for quarter in quarters:
            span = quarter_period(year, quarter)
            row = cells.get((unit.pk, quarter))
            for name in rates.FIGURES:
                year_counts[name] += row[name] if row else 0
            quarter_cells.append(
                {
                    "quarter": quarter,
                    "received": row["received"] if row else 0,
                    "completed": row["completed"] if row else 0,
                    "completion_rate": rounded_rate(row and row["completion_rate"]),
                    "satisfied_rate": rounded_rate(row and row["satisfied_rate"]),
                    "on_time_rate": rounded_rate(row and row["on_time_rate"]),
                    "url": link(
                        "suggestions:list",
                        lead_unit=unit.pk,
                        submitted_from=span.start.isoformat(),
                        submitted_to=span.end.isoformat(),
                    ),
                }
            )
        figures = rates.with_rates(year_counts)
        table.append(
            {
                "unit": unit.pk,
                "name": unit.name,
                "year": {
                    key: rounded_rate(value) if key.endswith("_rate") else value
                    for key, value in figures.items()
                },
                "quarters": quarter_cells,
                "url": link(
                    "suggestions:list",
                    lead_unit=unit.pk,
                    submitted_from=date(year, 1, 1).isoformat(),
                    submitted_to=date(year, 12, 31).isoformat(),
                ),
                "overdue_url": link("suggestions:list", due="overdue", lead_unit=unit.pk),
            }
        )
    return table


def stations_in(user, text=""):
    return _named(stations_visible_to(user), text).order_by("name", "pk")


def station_rows(user, year, stations):
    """Activities and reception days held this year at each of `stations`, as the activity list filters."""
    span = {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat(), "when": "all"}
    held = activities_filtered(activities_visible_to(user), {**span, "status": Activity.Status.DONE})
    counts = {
        row.pop("station"): row
        for row in held.filter(station__in=[station.pk for station in stations])
        .values("station")
        .annotate(activities=Count("pk"), receptions=Count("pk", filter=Q(kind=Activity.Kind.RECEPTION)))
        .order_by()
    }

    def url(station, **extra):
        return link("activities:list", station=station.pk, status=Activity.Status.DONE, **span, **extra)

    return [
        {
            "station": station,
            **counts.get(station.pk, {"activities": 0, "receptions": 0}),
            "url": url(station),
            "reception_url": url(station, kind=Activity.Kind.RECEPTION),
        }
        for station in stations
    ]


def streets_in(user, text=""):
    return _named(streets_visible_to(user), text)


def street_rows(user, year, streets):
    """The dashboard's comparison of streets (liaison/home/street_comparison.py) for a page of them. Only
    the deputies stationed in those streets are scored: a deputy counts in the street of a current
    stationing, and scoring every deputy of a city is the dashboard's slowest figure."""
    stationed = Stationing.objects.filter(until__isnull=True, deputy=OuterRef("pk"))
    stationed = stationed.annotate(street=street_of()).filter(street__in=[street.pk for street in streets])
    deputies = scored_deputies(user).filter(Exists(stationed)).prefetch_related(None)
    scores, _rules = year_scores(deputies, year)
    return street_table(user, year, scores, streets)
