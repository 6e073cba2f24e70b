"""Each role's home page: what needs them now, counted in SQL with the apps' own selectors for scope. The
officer's, the deputy's and the unit's are here; the committee staff's dashboard, with its charts and its
cache, is liaison/home/staff_dashboard.py. Every figure links to the list that shows its rows
(liaison/home/figures.py), and each part is a fixed number of queries whatever the size of the data."""

from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.scoring import year_scores
from deputies.selectors import deputies_visible_to
from liaison.activities.models import Activity, Appointment, Invitation
from liaison.activities.selectors import (
    activities_filtered,
    activities_visible_to,
    activity_rows,
    appointments_visible_to,
    work_to_do,
)
from liaison.home.figures import Figure, link
from liaison.home.staff_dashboard import staff_dashboard
from liaison.notifications.models import Delivery
from liaison.selectors import stations_visible_to
from suggestions.models import Suggestion
from suggestions.rates import assignment_overdue_q
from suggestions.selectors import (
    FOLLOW_UPS,
    deputy_cases,
    unit_assignment_kinds,
    unit_assignments,
    unit_follow_ups,
)
from voters.models import Opinion
from voters.selectors import opinions_visible_to

NEXT_ACTIVITIES = 5
OVERDUE_ROWS = 10


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
        Figure(
            "week_activities",
            _("Activities this week"),
            len(activities),
            link("activities:list", **params),
            "primary",
        ),
        Figure(
            "to_triage",
            _("Opinions waiting for triage"),
            opinions["to_triage"],
            link("voters:list", status=Opinion.Status.RECEIVED),
            "warning",
        ),
        Figure(
            "return_visit",
            _("Resolved opinions waiting for a return visit (回访)"),
            opinions["return_visit"],
            link("voters:list", status=Opinion.Status.RESOLVED),
            "warning",
        ),
        Figure(
            "not_accepted",
            _("Opinions not accepted: the voter is still to be told"),
            opinions["not_accepted"],
            link("voters:list", status=Opinion.Status.TRIAGED, route="not_accepted"),
            "warning",
        ),
        Figure(
            "overdue_opinions",
            _("Opinions past their answer date"),
            opinions["overdue"],
            link("voters:list", period="overdue"),
            "danger",
        ),
        Figure(
            "appointments",
            _("Appointments (约访) to arrange"),
            appointments["requested"],
            link("activities:appointments", status=Appointment.Status.REQUESTED),
            "warning",
        ),
        Figure(
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
        Figure(
            "to_reply",
            _("Invitations waiting for your reply"),
            todo["to_reply"],
            reverse("activities:mine"),
            "warning",
        ),
        Figure(
            "to_evaluate",
            _("Replies to your suggestions waiting for your evaluation"),
            to_evaluate,
            reverse("suggestions:mine"),
            "warning",
        ),
        Figure(
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
    waiting = unit_assignments(unit)
    counts = waiting.aggregate(
        **{kind: Count("pk", filter=q) for kind, q in unit_assignment_kinds(today).items()}
    )

    def work(kind):
        return link("suggestions:unit_work", show=kind)

    figures = [
        Figure(
            "waiting",
            _("Suggestions waiting for your unit's reply or view"),
            counts["waiting"],
            work("waiting"),
            "primary",
        ),
        Figure("overdue", _("Past their deadline"), counts["overdue"], work("overdue"), "danger"),
        Figure("soon", _("Due within the next days"), counts["soon"], work("soon"), "warning"),
        Figure("to_accept", _("Not yet accepted"), counts["to_accept"], work("to_accept"), "warning"),
        Figure(
            FOLLOW_UPS, _("Follow-ups promised (class B)"), unit_follow_ups(unit).count(), work(FOLLOW_UPS)
        ),
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
