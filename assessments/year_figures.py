"""The figures of a station's year (seed 004: 年初有计划、年终有总结): what its plan meant to hold against what
was held, the voters received, the opinions taken and their outcome, the suggestions with 办结率 and 满意率,
and the deputies' duties. Every figure comes from the definitions the quarterly report uses
(report_figures) and the rates (suggestions.rates), so the summary and the workbook never differ."""

from django.db.models import Count, Sum
from django.db.models.functions import ExtractMonth
from django.utils.translation import gettext as _

from assessments.models import DutyRecord, PlanItem
from assessments.periods import year_period
from assessments.report_figures import activities, opinions, scope_for, summary
from liaison.activities.models import Activity
from liaison.models import Stationing
from suggestions import rates
from voters.models import Opinion, Route

Kind = Activity.Kind


def activities_of_year(station, year):
    """[(kind, title, month, count)] of the activities the station and its points had in `year` (any not
    cancelled: what was on its calendar), the rows a plan for the next year is drafted from."""
    held = activities(year_period(year), scope_for(station)).annotate(month=ExtractMonth("starts_at"))
    rows = held.values("kind", "title", "month").annotate(n=Count("pk")).order_by("month", "kind", "title")
    return [(row["kind"], row["title"], row["month"], row["n"]) for row in rows]


def year_figures(station, year):
    """{name: number} of the station's year (its points included); rates in percent, None when undefined."""
    period = year_period(year)
    scope = scope_for(station)
    _rows, totals = summary(period, scope)
    figures = {}
    planned = dict(
        PlanItem.objects.filter(plan__station=station, plan__year=year)
        .values("kind")
        .annotate(n=Sum("planned_count"))
        .values_list("kind", "n")
    )
    held = dict(
        activities(period, scope)
        .filter(status=Activity.Status.DONE)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    for kind in Kind.values:
        figures[f"planned:{kind}"] = planned.get(kind, 0)
        figures[f"held:{kind}"] = held.get(kind, 0)
    figures["planned"] = sum(planned.values())
    figures["held"] = sum(held.values())
    figures["reception_days"] = totals.get("reception_days", 0)
    figures["voters"] = totals.get("voters", 0)
    figures["visits"] = totals.get("visits", 0)
    figures["opinions"] = totals.get("opinions", 0)
    for route in Route.values:
        figures[f"route:{route}"] = totals.get(f"route:{route}", 0)
    figures["opinions_closed"] = opinions(period, scope).filter(status=Opinion.Status.CLOSED).count()
    made = rates.with_rates({name: totals.get(f"suggestions_{name}", 0) for name in rates.FIGURES})
    figures.update({f"suggestions_{name}": value for name, value in made.items()})
    figures["deputies_attending"] = totals.get("deputies_attending", 0)
    stationed = Stationing.objects.filter(station__in=scope.ids, until__isnull=True).values("deputy")
    figures["deputies"] = stationed.distinct().count()
    duties = DutyRecord.objects.filter(
        deputy__in=stationed,
        date__gte=period.start,
        date__lte=period.end,
        status=DutyRecord.Status.APPROVED,
    ).aggregate(records=Count("pk"), deputies=Count("deputy", distinct=True))
    figures["duty_records"] = duties["records"]
    figures["deputies_with_duties"] = duties["deputies"]
    return figures


def activity_rows(figures):
    """[(kind label, planned, held)] of the kinds planned or held."""
    rows = []
    for kind, label in Kind.choices:
        planned, held = figures.get(f"planned:{kind}", 0), figures.get(f"held:{kind}", 0)
        if planned or held:
            rows.append((label, planned, held))
    return rows


def figure_sections(figures):
    """The figures table below the activities: [(heading, [(label, value, is_rate)])]."""
    routes = [
        (label, figures.get(f"route:{route}", 0), False)
        for route, label in Route.choices
        if figures.get(f"route:{route}")
    ]
    return [
        (
            _("Voters and their opinions"),
            [
                (_("Reception days held"), figures.get("reception_days", 0), False),
                (_("Voters received"), figures.get("voters", 0), False),
                (_("Visits logged"), figures.get("visits", 0), False),
                (_("Opinions taken"), figures.get("opinions", 0), False),
                *routes,
                (_("Opinions closed"), figures.get("opinions_closed", 0), False),
            ],
        ),
        (
            _("Suggestions"),
            [
                (_("Suggestions received"), figures.get("suggestions_received", 0), False),
                (_("Suggestions replied"), figures.get("suggestions_replied", 0), False),
                (_("Suggestions completed"), figures.get("suggestions_completed", 0), False),
                (
                    _("Completion rate (completed ÷ received)"),
                    figures.get("suggestions_completion_rate"),
                    True,
                ),
                (_("Suggestions evaluated"), figures.get("suggestions_evaluated", 0), False),
                (
                    _("Satisfaction rate (satisfied and basically satisfied ÷ evaluated)"),
                    figures.get("suggestions_satisfied_or_basically_rate"),
                    True,
                ),
            ],
        ),
        (
            _("Deputies' duties"),
            [
                (_("Deputies stationed"), figures.get("deputies", 0), False),
                (_("Deputies attending"), figures.get("deputies_attending", 0), False),
                (_("Duty records approved"), figures.get("duty_records", 0), False),
                (_("Deputies with a duty recorded"), figures.get("deputies_with_duties", 0), False),
            ],
        ),
    ]


def _percent(value):
    return "—" if value is None else f"{value:.1f}%"


def draft_blocks(station, year, figures, held_titles):
    """The summary's text blocks as first drafted from the figures, for the officer to rewrite."""
    overview = _(
        "In %(year)s %(station)s held %(held)s activities (%(planned)s planned), among them %(days)s "
        "reception days, and received %(voters)s voters. It took %(opinions)s opinions, of which %(closed)s "
        "are closed. Its deputies made %(suggestions)s suggestions: completion rate %(completion)s, "
        "satisfaction rate %(satisfaction)s."
    ) % {
        "year": year,
        "station": station.name,
        "held": figures["held"],
        "planned": figures["planned"],
        "days": figures["reception_days"],
        "voters": figures["voters"],
        "opinions": figures["opinions"],
        "closed": figures["opinions_closed"],
        "suggestions": figures["suggestions_received"],
        "completion": _percent(figures["suggestions_completion_rate"]),
        "satisfaction": _percent(figures["suggestions_satisfied_or_basically_rate"]),
    }
    practices = "\n".join(f"- {title}" for title in held_titles)
    short = [
        _("%(kind)s: %(held)s held of %(planned)s planned")
        % {"kind": label, "held": held, "planned": planned}
        for label, planned, held in activity_rows(figures)
        if held < planned
    ]
    return {
        "overview": overview,
        "practices": practices,
        "problems": "\n".join(f"- {line}" for line in short),
        "next_year": "",
    }


def held_titles(station, year, limit=12):
    """The titles of the year's activities done, other than reception days, for the summary's draft."""
    done = activities(year_period(year), scope_for(station)).filter(status=Activity.Status.DONE)
    titles = done.exclude(kind=Kind.RECEPTION).order_by("starts_at").values_list("title", flat=True)
    return list(dict.fromkeys(titles[: limit * 4]))[:limit]
