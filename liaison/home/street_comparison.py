"""The staff dashboard's table of streets (DOMAIN.md: a district runs one system for its streets and
compares them): one row per street or town under the staff member's jurisdiction, each figure counted
with the rooms' own selectors for scope and grouped by street in SQL, so that the table costs the same
few queries for two streets as for a city's hundred."""

from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone

from assessments.report_figures import lead_street
from assessments.selectors import scored_deputies
from liaison.activities.models import Activity
from liaison.activities.selectors import activities_filtered, activities_visible_to
from liaison.home.figures import rounded_rate
from liaison.models import Stationing
from liaison.selectors import street_of, streets_visible_to
from suggestions import rates
from suggestions.selectors import received_by
from voters.models import Opinion
from voters.selectors import opinions_visible_to


def year_bounds(year):
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


def _by_street(queryset, **aggregates):
    return {row.pop("street"): row for row in queryset.values("street").annotate(**aggregates).order_by()}


def street_table(user, year, scores, streets=None):
    """The rows of the table for `streets` (every one in scope by default), given the year's `scores` of the
    deputies in scope (`scored_deputies`: the dashboard's below-minimums figure counts them already): opinions
    received and closed, suggestions received with their 办结率 and 满意率 (suggestions.rates), activities
    held, deputies serving and below the minimums."""
    streets = list(streets_visible_to(user) if streets is None else streets)
    if not streets:
        return []
    first, last = date(year, 1, 1), date(year, 12, 31)
    start, end = year_bounds(year)
    opinions = _by_street(
        opinions_visible_to(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(street=street_of()),
        received=Count("pk"),
        closed=Count("pk", filter=Q(status=Opinion.Status.CLOSED)),
    )
    suggestions = _by_street(received_by(user, first, last).annotate(street=lead_street()), **rates.counts())
    span = {"from": first.isoformat(), "to": last.isoformat(), "when": "all", "status": Activity.Status.DONE}
    held = _by_street(
        activities_filtered(activities_visible_to(user), span).annotate(street=street_of()),
        activities=Count("pk"),
        receptions=Count("pk", filter=Q(kind=Activity.Kind.RECEPTION)),
    )
    # Each deputy in the street of their first current stationing, as their suggestions are reported.
    street_of_deputy = {}
    stationings = Stationing.objects.filter(until__isnull=True, deputy__in=scored_deputies(user).values("pk"))
    stationings = stationings.annotate(street=street_of())
    for deputy, street in stationings.order_by("since", "pk").values_list("deputy", "street"):
        street_of_deputy.setdefault(deputy, street)
    duty = {}
    for score in scores:
        counts = duty.setdefault(street_of_deputy.get(score.deputy.pk), {"deputies": 0, "below": 0})
        counts["deputies"] += 1
        counts["below"] += 1 if score.missed else 0
    rows = []
    for street in streets:
        figures = rates.with_rates(
            {name: suggestions.get(street.pk, {}).get(name, 0) for name in rates.FIGURES}
        )
        rows.append(
            {
                "street": street.pk,
                "name": street.name,
                "district": street.parent.name if street.parent_id else "",
                "opinions": opinions.get(street.pk, {"received": 0, "closed": 0}),
                "suggestions": {
                    "received": figures["received"],
                    "completed": figures["completed"],
                    "completion_rate": rounded_rate(figures["completion_rate"]),
                    "satisfied_rate": rounded_rate(figures["satisfied_rate"]),
                    "on_time_rate": rounded_rate(figures["on_time_rate"]),
                },
                "activities": held.get(street.pk, {"activities": 0, "receptions": 0}),
                "duty": duty.get(street.pk, {"deputies": 0, "below": 0}),
            }
        )
    return rows
