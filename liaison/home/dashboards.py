"""Each role's home page: what needs them now, counted in SQL with the apps' own selectors for scope.

Every figure carries the link of the list that shows its rows, built with that list's own filters, so that
the number on the home page is the number of rows the list shows (tests/liaison/test_dashboard.py checks
each one). Every part is a fixed number of aggregate queries, whatever the size of the data; the staff's
view of the whole jurisdiction is kept briefly in the cache (STAFF_CACHE_SECONDS, said on the page)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.scoring import MINIMUMS, year_scores
from assessments.selectors import scored_deputies
from deputies.selectors import deputies_visible_to
from liaison.activities.models import Activity, Appointment, Invitation
from liaison.activities.selectors import (
    activities_filtered,
    activities_visible_to,
    activity_rows,
    appointments_visible_to,
    work_to_do,
)
from liaison.models import User
from liaison.notifications.models import Delivery
from liaison.selectors import stations_visible_to
from suggestions import clock
from suggestions.models import Assignment, Suggestion
from suggestions.rates import assignment_overdue_q, overdue_q
from suggestions.selectors import (
    deputy_cases,
    rates,
    rates_by_quarter,
    suggestions_visible_to,
    unit_assignments,
    unit_follow_ups,
)
from voters.models import Category, Opinion
from voters.selectors import opinions_visible_to

STAFF_CACHE_SECONDS = settings.DASHBOARD_CACHE_SECONDS
# A chart with more bars than this reads as noise; the table under it lists every row.
CHART_MAX_BARS = 20
STATION_TABLE_ROWS = 100
NEXT_ACTIVITIES = 5
OVERDUE_ROWS = 10


def link(name, **params):
    """The URL of a list with its filter's query string."""
    url = reverse(name)
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


@dataclass
class Figure:
    key: str
    label: str
    count: int
    url: str
    tone: str = "secondary"


def _figure(key, label, count, url, tone="secondary"):
    return Figure(key, str(label), count, url, tone if count else "secondary")


def chart(chart_id, title, labels, datasets, *, stacked=False, horizontal=False, percent=False):
    """A chart as the page draws it (config, for json_script) and as its table fallback shows it (rows)."""
    config = {
        "type": "bar",
        "stacked": stacked,
        "horizontal": horizontal,
        "percent": percent,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(d["label"]), "data": list(d["data"]), "urls": list(d["urls"])} for d in datasets
        ],
    }
    rows = []
    for index, label in enumerate(config["labels"]):
        cells = [{"value": d["data"][index], "url": d["urls"][index]} for d in config["datasets"]]
        rows.append({"label": label, "cells": cells})
    return {"id": f"chart-{chart_id}", "title": str(title), "config": config, "rows": rows}


def _year_bounds(year):
    zone = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=zone),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=zone),
    )


def _month_last(first):
    return (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


# --- Officer -------------------------------------------------------------------------------------------


def week_span(today=None):
    """This week in China: Monday to Sunday."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def week_activities(user, monday, sunday):
    params = {"from": monday.isoformat(), "to": sunday.isoformat(), "when": "all"}
    activities = activities_filtered(activities_visible_to(user), params)
    confirmed = Prefetch(
        "invitations",
        queryset=Invitation.objects.filter(reply=Invitation.Reply.CONFIRMED)
        .select_related("deputy")
        .order_by("deputy__name_pinyin"),
        to_attr="confirmed_invitations",
    )
    rows = activity_rows(activities).prefetch_related(confirmed).order_by("starts_at", "pk")
    return params, rows


def opinion_counts(user, station_ids):
    """The opinions waiting for the officer, as the opinion list filters them. Every figure is about open
    opinions; the station ids (the officer's, already read for the page) let PostgreSQL use the index
    (station, status, received_at) where the scope's subquery alone made it read every opinion."""
    today = timezone.localdate()
    opinions = opinions_visible_to(user).filter(station__in=station_ids, status__in=Opinion.OPEN_STATUSES)
    return opinions.aggregate(
        to_triage=Count("pk", filter=Q(status=Opinion.Status.RECEIVED)),
        return_visit=Count("pk", filter=Q(status=Opinion.Status.RESOLVED)),
        not_accepted=Count("pk", filter=Q(status=Opinion.Status.TRIAGED, route="not_accepted")),
        overdue=Count("pk", filter=Q(status__in=Opinion.OPEN_STATUSES, due_on__lt=today)),
    )


def officer_dashboard(user):
    monday, sunday = week_span()
    params, activities = week_activities(user, monday, sunday)
    activities = list(activities)
    stations = _stations_with_deputies(user)
    opinions = opinion_counts(user, [station.pk for station in stations])
    appointments = appointments_visible_to(user).aggregate(
        requested=Count("pk", filter=Q(status=Appointment.Status.REQUESTED)),
        scheduled=Count("pk", filter=Q(status=Appointment.Status.SCHEDULED)),
    )
    todo = work_to_do(user)
    figures = [
        _figure(
            "week_activities",
            _("Activities this week"),
            len(activities),
            link("activities:list", **params),
            "primary",
        ),
        _figure(
            "to_triage",
            _("Opinions waiting for triage"),
            opinions["to_triage"],
            link("voters:list", status=Opinion.Status.RECEIVED),
            "warning",
        ),
        _figure(
            "return_visit",
            _("Resolved opinions waiting for a return visit (回访)"),
            opinions["return_visit"],
            link("voters:list", status=Opinion.Status.RESOLVED),
            "warning",
        ),
        _figure(
            "not_accepted",
            _("Opinions not accepted: the voter is still to be told"),
            opinions["not_accepted"],
            link("voters:list", status=Opinion.Status.TRIAGED, route="not_accepted"),
            "warning",
        ),
        _figure(
            "overdue_opinions",
            _("Opinions past their answer date"),
            opinions["overdue"],
            link("voters:list", period="overdue"),
            "danger",
        ),
        _figure(
            "appointments",
            _("Appointments (约访) to arrange"),
            appointments["requested"],
            link("activities:appointments", status=Appointment.Status.REQUESTED),
            "warning",
        ),
        _figure(
            "failed_reminders",
            _("Reminders that could not be sent"),
            todo["failed_reminders"],
            link("activities:reminders", status=Delivery.Status.FAILED),
            "danger",
        ),
    ]
    return {
        "figures": figures,
        "week": {"monday": monday, "sunday": sunday, "activities": activities},
        "todo": todo,
        "deputy_count": deputies_visible_to(user).filter(is_active=True).count(),
        "stations": stations,
    }


def _stations_with_deputies(user):
    return list(
        stations_visible_to(user)
        .annotate(deputy_count=Count("stationings", filter=Q(stationings__until__isnull=True), distinct=True))
        .order_by("parent_id", "name")
    )


# --- Committee staff ---------------------------------------------------------------------------------------


def opinions_by_month(user, year):
    start, end = _year_bounds(year)
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
    figure = _figure(
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


def suggestion_funnel(year):
    total, _rows = rates(date(year, 1, 1), date(year, 12, 31))
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
    return total, funnel


def overdue_by_unit(user):
    rows = list(
        suggestions_visible_to(user)
        .filter(overdue_q(), lead_unit__isnull=False)
        .values("lead_unit", "lead_unit__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "lead_unit__name")
    )
    total = sum(row["count"] for row in rows)
    figure = _figure(
        "overdue_suggestions",
        _("Suggestions past their deadline"),
        total,
        link("suggestions:list", due="overdue"),
        "danger",
    )
    dataset = {
        "label": _("Overdue suggestions"),
        "data": [row["count"] for row in rows],
        "urls": [link("suggestions:list", due="overdue", lead_unit=row["lead_unit"]) for row in rows],
    }
    labels = [row["lead_unit__name"] for row in rows]
    return figure, chart("overdue", _("Overdue suggestions by lead unit"), labels, [dataset], horizontal=True)


def _quarter_span(year, quarter):
    first = date(year, 3 * quarter - 2, 1)
    last = date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)
    return first, last


def unit_rates(year):
    """办结率 and 满意率 per lead unit and quarter of receipt (suggestions.selectors.rates_by_quarter)."""
    rows = rates_by_quarter(year)
    today = timezone.localdate()
    quarters = list(range(1, (4 if year < today.year else (today.month - 1) // 3 + 1) + 1))
    units, cells = {}, {}
    for row in rows:
        units.setdefault(row["lead_unit"], row["lead_unit__name"])
        cells[(row["lead_unit"], row["quarter"])] = row
    table = []
    for unit_id, name in units.items():
        quarter_cells = []
        for quarter in quarters:
            first, last = _quarter_span(year, quarter)
            row = cells.get((unit_id, quarter))
            quarter_cells.append(
                {
                    "quarter": quarter,
                    "received": row["received"] if row else 0,
                    "completed": row["completed"] if row else 0,
                    "evaluated": row["evaluated"] if row else 0,
                    "satisfied": row["satisfied"] if row else 0,
                    "completion_rate": _rounded(row and row["completion_rate"]),
                    "satisfied_rate": _rounded(row and row["satisfied_rate"]),
                    "url": link(
                        "suggestions:list",
                        lead_unit=unit_id,
                        submitted_from=first.isoformat(),
                        submitted_to=last.isoformat(),
                    ),
                }
            )
        table.append({"unit": unit_id, "name": name, "quarters": quarter_cells})
    quarter_labels = [_("Q%(quarter)s") % {"quarter": quarter} for quarter in quarters]
    charts = []
    for key, chart_id, title in (
        ("completion_rate", "completion", _("Completion rate (办结率) by lead unit and quarter, %")),
        (
            "satisfied_rate",
            "satisfaction",
            _("Satisfaction rate (满意率: satisfied ÷ evaluated) by lead unit and quarter, %"),
        ),
    ):
        datasets = [
            {
                "label": quarter_labels[index],
                "data": [unit["quarters"][index][key] for unit in table],
                "urls": [unit["quarters"][index]["url"] for unit in table],
            }
            for index in range(len(quarters))
        ]
        charts.append(chart(chart_id, title, [unit["name"] for unit in table], datasets, percent=True))
    rates_url = link(
        "suggestions:rates", start=date(year, 1, 1).isoformat(), end=date(year, 12, 31).isoformat(), by="unit"
    )
    return {"table": table, "quarters": quarter_labels, "charts": charts, "rates_url": rates_url}


def _rounded(value):
    return None if value is None else round(value, 1)


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
    # A city has thousands of places: the table under the chart lists the busiest, the list has them all.
    result["station_count"] = len(rows)
    result["all_url"] = link("activities:list", status=Activity.Status.DONE, **span)
    result["table_rows"] = [
        {
            "name": row["station__name"],
            "activities": row["activities"],
            "receptions": row["receptions"],
            "url": url(row),
            "reception_url": url(row, kind=Activity.Kind.RECEPTION),
        }
        for row in rows[:STATION_TABLE_ROWS]
    ]
    return result


def below_minimums(user, year):
    """The deputies in scope who have not met every minimum so far this year (assessments' scoring)."""
    scores, _rules = year_scores(scored_deputies(user).prefetch_related(None), year)
    below = [score for score in scores if score.missed]
    url = link("assessments:results", year=year)
    missing = {key: 0 for key, _label, _field in MINIMUMS}
    for score in below:
        for minimum in score.missed:
            missing[minimum.key] += 1
    by_minimum = [
        {"label": str(label), "count": missing[key]} for key, label, _field in MINIMUMS if missing[key]
    ]
    figure = _figure(
        "below_minimums", _("Deputies below the minimums so far this year"), len(below), url, "danger"
    )
    return figure, by_minimum, len(scores)


def staff_figures(user):
    """The whole jurisdiction at a glance; plain data only, so that it can be cached."""
    now = timezone.localtime()
    year = now.year
    opinions_figure, opinions_chart = opinions_by_month(user, year)
    funnel_total, funnel = suggestion_funnel(year)
    overdue_figure, overdue_chart = overdue_by_unit(user)
    below_figure, by_minimum, scored = below_minimums(user, year)
    received = _figure(
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
    deputies = _figure(
        "deputies",
        _("Serving deputies"),
        deputies_visible_to(user).filter(is_active=True).count(),
        link("deputies:list", is_active="true"),
    )
    stations = _figure(
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
        "unit_rates": unit_rates(year),
        "by_minimum": by_minimum,
        "scored": scored,
    }


def staff_cache_key(user):
    # Staff and administrators share one scope, the whole jurisdiction; labels follow the language.
    scope = "all" if user.is_committee_staff else f"user-{user.pk}"
    return f"dashboard:staff:{scope}:{translation.get_language()}:{timezone.localdate():%Y%m%d}"


def staff_dashboard(user):
    key = staff_cache_key(user)
    data = cache.get(key)
    if data is None:
        data = staff_figures(user)
        cache.set(key, data, STAFF_CACHE_SECONDS)
    return {
        **data,
        "cache_minutes": STAFF_CACHE_SECONDS // 60,
        "todo": work_to_do(user),
    }


def staff_dashboard_refresh():
    """Count the staff's figures ahead of their visits, in every language, so that no visit pays for the
    jurisdiction's aggregates (beat runs this more often than the cache expires). Returns the languages done."""
    staff = User.objects.filter(role__in=[User.Role.STAFF, User.Role.ADMIN], is_active=True).order_by(
        "role", "pk"
    )
    done = []
    for user in staff[:1]:
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                cache.set(staff_cache_key(user), staff_figures(user), STAFF_CACHE_SECONDS)
            done.append(code)
    return done


# --- Deputy ------------------------------------------------------------------------------------------------


def deputy_dashboard(user):
    deputy = getattr(user, "deputy", None)
    if deputy is None:
        return {"deputy": None}
    now = timezone.now()
    todo = work_to_do(user)
    to_evaluate = deputy_cases(deputy).filter(status=Suggestion.Status.REPLIED, lead_deputy=deputy).count()
    open_opinions = opinions_visible_to(user).filter(status__in=Opinion.OPEN_STATUSES).count()
    next_activities = list(
        Invitation.objects.filter(
            deputy=deputy, activity__ends_at__gte=now, activity__status=Activity.Status.PUBLISHED
        )
        .exclude(reply=Invitation.Reply.LEAVE)
        .select_related("activity__station")
        .order_by("activity__starts_at", "pk")[:NEXT_ACTIVITIES]
    )
    year = timezone.localdate().year
    scores, _rules = year_scores(deputies_visible_to(user).filter(pk=deputy.pk), year)
    figures = [
        _figure(
            "to_reply",
            _("Invitations waiting for your reply"),
            todo["to_reply"],
            reverse("activities:mine"),
            "warning",
        ),
        _figure(
            "to_evaluate",
            _("Replies to your suggestions waiting for your evaluation"),
            to_evaluate,
            reverse("suggestions:mine"),
            "warning",
        ),
        _figure(
            "opinions",
            _("Open opinions addressed to you"),
            open_opinions,
            link("voters:list", period="open"),
            "primary",
        ),
    ]
    return {
        "deputy": deputy,
        "figures": figures,
        "todo": todo,
        "next_activities": next_activities,
        "score": scores[0] if scores else None,
        "year": year,
        "stations": _stations_with_deputies(user),
    }


# --- Handling unit -----------------------------------------------------------------------------------------


def unit_dashboard(user):
    unit = user.handling_unit
    today = timezone.localdate()
    near = clock.near_due_limit(today)
    waiting = unit_assignments(unit)
    counts = waiting.aggregate(
        total=Count("pk"),
        overdue=Count("pk", filter=assignment_overdue_q(today)),
        soon=Count("pk", filter=Q(deadline__gte=today, deadline__lte=near)),
        to_accept=Count("pk", filter=Q(status=Assignment.Status.ASSIGNED)),
    )
    work = reverse("suggestions:unit_work")
    figures = [
        _figure(
            "waiting",
            _("Suggestions waiting for your unit's reply or view"),
            counts["total"],
            work,
            "primary",
        ),
        _figure("overdue", _("Past their deadline"), counts["overdue"], work, "danger"),
        _figure("soon", _("Due within the next days"), counts["soon"], work, "warning"),
        _figure("to_accept", _("Not yet accepted"), counts["to_accept"], work, "warning"),
        _figure("follow_ups", _("Follow-ups promised (class B)"), unit_follow_ups(unit).count(), work),
    ]
    overdue_rows = list(waiting.filter(assignment_overdue_q(today))[:OVERDUE_ROWS])
    return {"unit": unit, "figures": figures, "overdue_rows": overdue_rows, "today": today}


def home_context(user):
    """What the home page shows for this user's role."""
    if user.is_committee_staff:
        return {"role": "staff", **staff_dashboard(user)}
    if user.is_officer:
        return {"role": "officer", **officer_dashboard(user)}
    if user.is_deputy:
        return {"role": "deputy", **deputy_dashboard(user)}
    if user.is_unit_user:
        return {"role": "unit", **unit_dashboard(user)}
    return {"role": "none"}
