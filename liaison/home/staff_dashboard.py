"""The committee staff's dashboard: the whole jurisdiction in figures and Chart.js charts, each bar linked to
the list of its rows (liaison/home/figures.py). Every part is a fixed number of aggregate queries, whatever
the size of the data; the figures are kept briefly in the cache (STAFF_CACHE_SECONDS, said on the page) and
counted again by beat before they expire."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.scoring import MINIMUMS, year_scores
from assessments.selectors import scored_deputies
from deputies.selectors import deputies_visible_to
from liaison.activities.models import Activity
from liaison.activities.selectors import activities_filtered, activities_visible_to, work_to_do
from liaison.home.figures import Figure, chart, link, rounded_rate
from liaison.home.street_comparison import street_table, year_bounds
from liaison.models import User
from liaison.selectors import calendar_year_missing, stations_visible_to
from suggestions.rates import overdue_q
from suggestions.selectors import rates, suggestions_visible_to
from voters.models import Category
from voters.selectors import opinions_visible_to

STAFF_CACHE_SECONDS = settings.DASHBOARD_CACHE_SECONDS
# The last figures counted, shown while they are counted again (staff_dashboard).
LAST_FIGURES_SECONDS = 7 * 24 * 3600
# A chart with more bars than this reads as noise; the full tables (liaison/home/staff_tables.py) list every row.
CHART_MAX_BARS = 20
# Units and streets, when there are many: the lowest and the highest this many by 办结率.
SHOWN = 5


def _month_last(first):
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def opinions_by_month(user, year):
    start, end = year_bounds(year)
    rows = (
        opinions_visible_to(user)
        .filter(received_at__gte=start, received_at__lt=end)
        .annotate(month=TruncMonth("received_at"))
        .values("month", "category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    counts, months, category_ids = {}, set(), set()
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        counts[(month, row["category"])] = row["count"]
        months.add(month)
        category_ids.add(row["category"])
    today = timezone.localdate()
    last_month = 12 if year < today.year else today.month
    months = [date(year, number, 1) for number in range(1, last_month + 1)]
    categories = [c for c in Category.objects.all() if c.pk in category_ids]
    series = [(str(c), c.pk) for c in categories]
    if None in category_ids:
        series.append((_("Not categorised"), "null"))
    datasets = []
    for label, key in series:
        lookup = None if key == "null" else key
        datasets.append(
            {
                "label": label,
                "data": [counts.get((month, lookup), 0) for month in months],
                "urls": [
                    link(
                        "voters:list",
                        category=key,
                        received_from=month.isoformat(),
                        received_to=_month_last(month).isoformat(),
                    )
                    for month in months
                ],
            }
        )
    total = sum(counts.values())
    figure = Figure(
        "opinions_year",
        _("Opinions received this year"),
        total,
        link(
            "voters:list",
            received_from=date(year, 1, 1).isoformat(),
            received_to=date(year, 12, 31).isoformat(),
        ),
        "primary",
    )
    labels = [f"{month:%Y-%m}" for month in months]
    return figure, chart("opinions", _("Opinions per month by category"), labels, datasets, stacked=True)


FUNNEL = ["received", "registered", "assigned", "replied", "evaluated", "satisfied"]


def suggestion_funnel(user, year):
    total, unit_rows = rates(user, date(year, 1, 1), date(year, 12, 31), by="unit")
    labels = {
        "received": _("Received"),
        "registered": _("Registered"),
        "assigned": _("Assigned"),
        "replied": _("Replied"),
        "evaluated": _("Evaluated"),
        "satisfied": _("Satisfied"),
    }
    span = {"submitted_from": date(year, 1, 1).isoformat(), "submitted_to": date(year, 12, 31).isoformat()}
    stages = FUNNEL
    dataset = {
        "label": _("Suggestions"),
        "data": [total[stage] for stage in stages],
        "urls": [link("suggestions:list", stage=stage, **span) for stage in stages],
    }
    funnel = chart(
        "funnel",
        _("Suggestions this year: the closed loop"),
        [labels[s] for s in stages],
        [dataset],
        horizontal=True,
    )
    return total, funnel, unit_rows


def overdue_by_unit(user):
    rows = list(
        suggestions_visible_to(user)
        .filter(overdue_q(), lead_unit__isnull=False)
        .values("lead_unit", "lead_unit__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "lead_unit__name")
    )
    total = sum(row["count"] for row in rows)
    figure = Figure(
        "overdue_suggestions",
        _("Suggestions past their deadline"),
        total,
        link("suggestions:list", due="overdue"),
        "danger",
    )
    shown = rows[:CHART_MAX_BARS]
    dataset = {
        "label": _("Overdue suggestions"),
        "data": [row["count"] for row in shown],
        "urls": [link("suggestions:list", due="overdue", lead_unit=row["lead_unit"]) for row in shown],
    }
    labels = [row["lead_unit__name"] for row in shown]
    result = chart("overdue", _("Overdue suggestions by lead unit"), labels, [dataset], horizontal=True)
    result["unit_count"] = len(rows)
    return figure, result


def excerpt(rows, rate):
    """The rows a person reads: every one when they are few, else the SHOWN lowest and the SHOWN highest by
    `rate` (rows without one left out), lowest first. Returns them with the number of rows not shown, which
    the full table has (liaison/home/staff_tables.py)."""
    if len(rows) <= 2 * SHOWN:
        return {"rows": rows, "hidden": 0, "gap_at": None}
    ranked = sorted((row for row in rows if rate(row) is not None), key=rate)
    shown = ranked if len(ranked) <= 2 * SHOWN else ranked[:SHOWN] + ranked[-SHOWN:]
    return {
        "rows": shown,
        "hidden": len(rows) - len(shown),
        "gap_at": SHOWN if len(ranked) > 2 * SHOWN else None,
    }


def unit_rates(unit_rows, year):
    """The year's 办结率, 满意率, on-time reply rate and overdue of the lead units (suggestions.selectors.rates,
    one grouped query shared with the funnel): the excerpt a person reads."""
    span = {"submitted_from": date(year, 1, 1).isoformat(), "submitted_to": date(year, 12, 31).isoformat()}
    rows = [
        {
            "unit": row["lead_unit"],
            "name": row["label"],
            "received": row["received"],
            "completed": row["completed"],
            "overdue": row["overdue"],
            "completion_rate": rounded_rate(row["completion_rate"]),
            "satisfied_rate": rounded_rate(row["satisfied_rate"]),
            "on_time_rate": rounded_rate(row["on_time_rate"]),
            "url": link("suggestions:list", lead_unit=row["lead_unit"], **span),
        }
        for row in unit_rows
        if row["lead_unit"]
    ]
    rates_url = link(
        "suggestions:rates", start=date(year, 1, 1).isoformat(), end=date(year, 12, 31).isoformat(), by="unit"
    )
    return {**excerpt(rows, lambda row: row["completion_rate"]), "rates_url": rates_url}


def station_activities(user, year):
    """Activities and reception days held this year per station (status done), as the activity list filters."""
    span = {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat(), "when": "all"}
    held = activities_filtered(activities_visible_to(user), {**span, "status": Activity.Status.DONE}).filter(
        station__isnull=False
    )
    rows = list(
        held.values("station", "station__name")
        .annotate(activities=Count("pk"), receptions=Count("pk", filter=Q(kind=Activity.Kind.RECEPTION)))
        .order_by("-activities", "station__name")
    )

    def url(row, **extra):
        return link("activities:list", station=row["station"], status=Activity.Status.DONE, **span, **extra)

    shown = rows[:CHART_MAX_BARS]
    datasets = [
        {
            "label": _("Activities held"),
            "data": [row["activities"] for row in shown],
            "urls": [url(row) for row in shown],
        },
        {
            "label": _("Reception days held"),
            "data": [row["receptions"] for row in shown],
            "urls": [url(row, kind=Activity.Kind.RECEPTION) for row in shown],
        },
    ]
    result = chart(
        "stations",
        _("Activities and reception days held this year, per station"),
        [row["station__name"] for row in shown],
        datasets,
        horizontal=True,
    )
    # A city has thousands of places: the chart shows the busiest, the stations' table has them all.
    result["station_count"] = len(rows)
    return result


def below_minimums(user, year):
    """The deputies in scope who have not met every minimum so far this year (assessments' scoring)."""
    scores, _rules = year_scores(scored_deputies(user).prefetch_related(None), year)
    below = [score for score in scores if score.missed]
    url = link("assessments:results", year=year)
    missing = {key: 0 for key, _label, _field in MINIMUMS}
    # Per quarter or month missed, in order (五个一, seed 001: how many missed their visit in March).
    by_period = {key: {} for key, _label, _field in MINIMUMS}
    for score in below:
        for minimum in score.missed:
            missing[minimum.key] += 1
            for name in minimum.short:
                by_period[minimum.key][str(name)] = by_period[minimum.key].get(str(name), 0) + 1
    by_minimum = [
        {"label": str(label), "count": missing[key], "periods": list(by_period[key].items())}
        for key, label, _field in MINIMUMS
        if missing[key]
    ]
    figure = Figure(
        "below_minimums", _("Deputies below the minimums so far this year"), len(below), url, "danger"
    )
    return figure, by_minimum, scores


def staff_figures(user):
    """The whole jurisdiction at a glance; plain data only, so that it can be cached."""
    now = timezone.localtime()
    year = now.year
    opinions_figure, opinions_chart = opinions_by_month(user, year)
    funnel_total, funnel, unit_rows = suggestion_funnel(user, year)
    overdue_figure, overdue_chart = overdue_by_unit(user)
    below_figure, by_minimum, scores = below_minimums(user, year)
    received = Figure(
        "suggestions_year",
        _("Suggestions received this year"),
        funnel_total["received"],
        link(
            "suggestions:list",
            stage="received",
            submitted_from=date(year, 1, 1).isoformat(),
            submitted_to=date(year, 12, 31).isoformat(),
        ),
        "primary",
    )
    deputies = Figure(
        "deputies",
        _("Serving deputies"),
        deputies_visible_to(user).filter(is_active=True).count(),
        link("deputies:list", is_active="true"),
    )
    stations = Figure(
        "stations", _("Stations and points"), stations_visible_to(user).count(), reverse("liaison:network")
    )
    return {
        "year": year,
        "computed_at": now,
        "figures": [opinions_figure, received, overdue_figure, below_figure, deputies, stations],
        "funnel_total": funnel_total,
        "charts": {
            "opinions": opinions_chart,
            "funnel": funnel,
            "overdue": overdue_chart,
            "stations": station_activities(user, year),
        },
        "unit_rates": unit_rates(unit_rows, year),
        "by_minimum": by_minimum,
        "scored": len(scores),
        "streets": excerpt(
            street_table(user, year, scores), lambda row: row["suggestions"]["completion_rate"]
        ),
    }


def staff_cache_key(user):
    # Staff of one jurisdiction share its figures (administrators and staff of no jurisdiction the whole
    # deployment's); labels follow the language.
    scope = "all" if user.sees_everything else f"jurisdiction-{user.jurisdiction_id}"
    return f"dashboard:staff:{scope}:{translation.get_language()}:{timezone.localdate():%Y%m%d}"


def _last_key(user):
    return staff_cache_key(user).rsplit(":", 1)[0] + ":last"


def count_staff_figures(user):
    """Count the figures afresh and keep them: as current for STAFF_CACHE_SECONDS, and as the last counted
    for LAST_FIGURES_SECONDS, which a visit is shown while they are counted again."""
    data = staff_figures(user)
    cache.set(staff_cache_key(user), data, STAFF_CACHE_SECONDS)
    cache.set(_last_key(user), data, LAST_FIGURES_SECONDS)
    return data


def staff_dashboard(user):
    """The dashboard's context; "stale" when the figures shown are the last counted, out of date, and
    "recount" when the caller should have them counted again (liaison.home.tasks.recount_staff_figures)."""
    data = cache.get(staff_cache_key(user))
    stale = recount = False
    if data is None:
        # Stale while counted again: scoring every deputy costs seconds for a city (issue 19), so a visit
        # after the figures expired is shown the last ones, dated, and only a scope's very first is counted
        # while it waits. The lock lets one visit ask for the recount.
        data = cache.get(_last_key(user))
        stale = data is not None
        if stale:
            recount = cache.add(staff_cache_key(user) + ":recounting", 1, STAFF_CACHE_SECONDS)
        else:
            data = count_staff_figures(user)
    return {
        **data,
        "stale": stale,
        "recount": recount,
        "cache_minutes": STAFF_CACHE_SECONDS // 60,
        "todo": work_to_do(user),
        "calendar_missing": calendar_year_missing(timezone.localdate()),
    }


def staff_dashboard_refresh():
    """Count the staff's figures ahead of their visits, in every language and for each jurisdiction staff
    work for, so that no visit pays for the aggregates (beat runs this more often than the cache expires).
    Returns the languages done, once per jurisdiction."""
    staff = User.objects.filter(role__in=[User.Role.STAFF, User.Role.ADMIN], is_active=True).order_by(
        "jurisdiction_id", "role", "pk"
    )
    # One staff member per scope: those of one jurisdiction see the same figures.
    scopes = {}
    for user in staff:
        scopes.setdefault(staff_cache_key(user), user)
    done = []
    for user in scopes.values():
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                count_staff_figures(user)
            done.append(code)
    return done
