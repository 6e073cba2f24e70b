"""The figures behind each nomination, read in a fixed number of queries for a whole page: a deputy's score of
the year (assessments.scoring), a station's activities and reception days held, a suggestion's outcome and
whether it was replied on time, a unit's 办结率, 满意率 and on-time reply rate (suggestions.rates)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from assessments.models import Commendation
from assessments.periods import year_period
from assessments.scoring import year_scores
from deputies.models import Deputy
from liaison.activities.models import Activity
from suggestions import rates
from suggestions.models import Suggestion

Kind = Commendation.Kind


@dataclass
class Figure:
    label: str
    value: object

    def __str__(self):
        return f"{self.label}: {self.value}"


def _percent(value):
    return "—" if value is None else f"{number_format(round(value, 1), 1)}%"


def _deputies(ids, year):
    scores, _rules = year_scores(Deputy.objects.filter(pk__in=ids).order_by("pk"), year)
    figures = {}
    for score in scores:
        figures[score.deputy.pk] = [
            Figure(_("Duty points"), score.total),
            Figure(_("Minimums missed"), score.missed_labels or _("none")),
        ]
    return figures


def _stations(ids, year):
    start, end = year_period(year).bounds()
    rows = (
        Activity.objects.filter(
            station__in=ids, status=Activity.Status.DONE, starts_at__gte=start, starts_at__lt=end
        )
        .values("station")
        .annotate(held=Count("pk"), receptions=Count("pk", filter=Q(kind=Activity.Kind.RECEPTION)))
        .order_by()
    )
    counted = {row["station"]: row for row in rows}
    return {
        pk: [
            Figure(_("Activities held"), counted.get(pk, {}).get("held", 0)),
            Figure(_("Reception days held"), counted.get(pk, {}).get("receptions", 0)),
        ]
        for pk in ids
    }


def _suggestions(ids):
    figures = {}
    for suggestion in rates.flagged(Suggestion.objects.filter(pk__in=ids).select_related("lead_unit")):
        figures[suggestion.pk] = [
            Figure(_("Status"), suggestion.get_status_display()),
            Figure(_("Lead unit"), suggestion.lead_unit.name if suggestion.lead_unit else "—"),
            Figure(_("Evaluation"), suggestion.get_rating_display() if suggestion.rating else "—"),
            Figure(_("Replied on time"), _("yes") if suggestion.in_time else _("no")),
        ]
    return figures


def _units(ids, year):
    period = year_period(year)
    rows = (
        rates.received(period.start, period.end)
        .filter(lead_unit__in=ids)
        .values("lead_unit")
        .annotate(**rates.counts())
        .order_by()
    )
    counted = {row.pop("lead_unit"): rates.with_rates(row) for row in rows}
    empty = rates.with_rates(dict.fromkeys(rates.FIGURES, 0))
    figures = {}
    for pk in ids:
        row = counted.get(pk, empty)
        figures[pk] = [
            Figure(_("Suggestions led"), row["received"]),
            Figure(_("Completion rate"), _percent(row["completion_rate"])),
            Figure(_("Satisfaction rate"), _percent(row["satisfied_rate"])),
            Figure(_("On-time reply rate"), _percent(row["on_time_rate"])),
        ]
    return figures


def attach_figures(commendations):
    """Set `figures` (a list of Figure) on each commendation given, by kind and year."""
    wanted = defaultdict(set)
    for commendation in commendations:
        wanted[(commendation.kind, commendation.year)].add(getattr(commendation, f"{commendation.kind}_id"))
    found = {}
    for (kind, year), ids in wanted.items():
        ids = sorted(ids)
        if kind == Kind.DEPUTY:
            found[(kind, year)] = _deputies(ids, year)
        elif kind == Kind.STATION:
            found[(kind, year)] = _stations(ids, year)
        elif kind == Kind.SUGGESTION:
            found[(kind, year)] = _suggestions(ids)
        else:
            found[(kind, year)] = _units(ids, year)
    for commendation in commendations:
        nominee = getattr(commendation, f"{commendation.kind}_id")
        commendation.figures = found[(commendation.kind, commendation.year)].get(nominee, [])
    return commendations
