"""Reads of activities, plans, visits, appointments and their reminders, with each user's scope built in."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy, DeputyGroup, Mandate
from liaison.activities.models import Activity, Appointment, Invitation, Notice, ReceptionPlan, Visit
from liaison.core.periods import day_bounds
from liaison.models import Station, Stationing, User
from liaison.notifications.models import Delivery
from liaison.notifications.selectors import notifications_about
from liaison.policies.selectors import policy_in_force
from liaison.selectors import jurisdictions_under, stations_visible_to


def activities_visible_to(user):
    """Staff of the whole deployment see every activity; staff of a jurisdiction and officers those of
    their stations and those they organise or are invited to; a deputy those they are invited to; nobody
    else any."""
    activities = Activity.objects.all()
    if user.sees_everything:
        return activities
    if user.is_committee_staff or user.is_officer:
        return activities.filter(
            Q(station__in=stations_visible_to(user))
            | Q(organiser=user)
            | Exists(Activity.officers.through.objects.filter(activity=OuterRef("pk"), user=user))
        )
    if user.is_deputy and hasattr(user, "deputy"):
        return activities.filter(
            Exists(Invitation.objects.filter(activity=OuterRef("pk"), deputy=user.deputy))
        )
    return activities.none()


def activities_managed_by(user):
    """The activities a user may change: staff of the whole deployment all; staff of a jurisdiction and
    officers those of their stations and their own."""
    if user.sees_everything:
        return Activity.objects.all()
    if user.is_committee_staff or user.is_officer:
        return Activity.objects.filter(Q(station__in=stations_visible_to(user)) | Q(organiser=user))
    return Activity.objects.none()


def officers_offered_to(user):
    """The officers an activity form offers: those of the stations a staff member of a jurisdiction sees
    (no other street's names); every serving officer to others, as before."""
    officers = User.objects.filter(role=User.Role.OFFICER, is_active=True)
    if user.is_committee_staff and not user.sees_everything:
        at_stations = User.stations.through.objects.filter(
            user=OuterRef("pk"), station__in=stations_visible_to(user)
        )
        return officers.filter(Exists(at_stations))
    return officers


def activity_rows(queryset):
    """What the list and the calendar show per activity, in a fixed number of queries."""
    return queryset.select_related("station", "organiser").annotate(
        invited=Count("invitations", distinct=True),
        confirmed=Count(
            "invitations", filter=Q(invitations__reply=Invitation.Reply.CONFIRMED), distinct=True
        ),
        on_leave=Count("invitations", filter=Q(invitations__reply=Invitation.Reply.LEAVE), distinct=True),
    )


def activity_detail_get(user, pk):
    invitations = Prefetch(
        "invitations", queryset=Invitation.objects.select_related("deputy").order_by("deputy__name_pinyin")
    )
    return get_object_or_404(
        activities_visible_to(user)
        .select_related("station", "organiser", "plan")
        .prefetch_related(invitations, "officers", "photos"),
        pk=pk,
    )


def published_days(station, *, since=None):
    """The coming published reception days of a station and its points, for the public notice board."""
    since = since or timezone.now()
    return (
        Activity.objects.filter(
            Q(station=station) | Q(station__parent=station),
            kind=Activity.Kind.RECEPTION,
            status=Activity.Status.PUBLISHED,
            ends_at__gte=since,
        )
        .select_related("station", "organiser")
        .prefetch_related(
            Prefetch(
                "invitations",
                queryset=Invitation.objects.exclude(reply=Invitation.Reply.LEAVE)
                .select_related("deputy")
                .order_by("deputy__name_pinyin"),
            )
        )
        .order_by("starts_at")
    )


def plans_visible_to(user):
    if user.sees_everything:
        return ReceptionPlan.objects.all()
    if user.is_committee_staff or user.is_officer:
        return ReceptionPlan.objects.filter(station__in=stations_visible_to(user))
    return ReceptionPlan.objects.none()


def visits_visible_to(user):
    """The visits log is the officers' book: staff see those of their jurisdiction (all for the whole
    deployment's), an officer those of their places."""
    if user.sees_everything:
        return Visit.objects.all()
    if user.is_committee_staff or user.is_officer:
        return Visit.objects.filter(station__in=stations_visible_to(user))
    return Visit.objects.none()


def activity_book(user, first, last, station=None):
    """The activities book (活动簿) for a period: every activity held or planned in it, cancelled ones
    left out, with its deputies' invitations."""
    start, end = day_bounds(first, last)
    activities = activities_managed_by(user).filter(starts_at__gte=start, starts_at__lt=end)
    if station is not None:
        activities = activities.filter(station=station)
    invitations = Prefetch(
        "invitations", queryset=Invitation.objects.select_related("deputy").order_by("deputy__name_pinyin")
    )
    return (
        activities.exclude(status=Activity.Status.CANCELLED)
        .select_related("station", "organiser")
        .prefetch_related(invitations)
        .order_by("starts_at", "pk")
    )


def reception_book(user, first, last, station=None):
    """The receptions book (接待登记簿) for a period: every contact with voters logged (四访), in order."""
    visits = visits_visible_to(user).filter(date__gte=first, date__lte=last)
    if station is not None:
        visits = visits.filter(station=station)
    deputies = Prefetch("deputies", queryset=Deputy.objects.order_by("name_pinyin"))
    return (
        visits.select_related("station", "officer")
        .prefetch_related(deputies, "entries")
        .order_by("date", "pk")
    )


def appointments_visible_to(user):
    appointments = Appointment.objects.all()
    if user.sees_everything:
        return appointments
    if user.is_committee_staff or user.is_officer:
        return appointments.filter(station__in=stations_visible_to(user))
    if user.is_deputy and hasattr(user, "deputy"):
        return appointments.filter(deputy=user.deputy)
    return appointments.none()


def deliveries_visible_to(user):
    """The outbox as officers follow it: staff of the whole deployment see every row; staff of a
    jurisdiction and officers the rows of their activities and notices, and the rows addressed to
    themselves."""
    deliveries = Delivery.objects.select_related("notification__recipient")
    if user.sees_everything:
        return deliveries
    if user.is_committee_staff or user.is_officer:
        return deliveries.filter(
            Q(notification__in=notifications_about(activities_managed_by(user)))
            | Q(notification__in=notifications_about(notices_visible_to(user)))
            | Q(notification__recipient__user=user)
        )
    return deliveries.none()


def work_to_do(user):
    """The home page's reminders of what waits for this user, counted in SQL."""
    now = timezone.now()
    todo = {}
    if user.is_officer or user.is_committee_staff:
        managed = activities_managed_by(user)
        # Due for publishing within a week, by the policy new reception days follow.
        ahead = timedelta(days=policy_in_force(user).reception_publish_days_ahead + 7)
        todo["to_publish"] = managed.filter(
            kind=Activity.Kind.RECEPTION,
            status=Activity.Status.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + ahead,
        ).count()
        todo["to_record"] = managed.filter(
            Q(attendance_at__isnull=True) | Q(summary_at__isnull=True),
            status__in=[Activity.Status.PUBLISHED, Activity.Status.DONE],
            ends_at__lt=now,
            ends_at__gte=now - timedelta(days=60),
        ).count()
        todo["failed_reminders"] = deliveries_visible_to(user).filter(status=Delivery.Status.FAILED).count()
    if user.is_deputy and hasattr(user, "deputy"):
        todo["to_reply"] = Invitation.objects.filter(
            deputy=user.deputy,
            reply=Invitation.Reply.WAITING,
            activity__status=Activity.Status.PUBLISHED,
            activity__starts_at__gt=now,
        ).count()
    return todo


def _local_day(value):
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def activities_filtered(activities, params):
    """The activity list's filters (kind, status, station, a span of days; the last 30 days unless `when`
    is "all"), shared with the dashboards so that a figure and the list it links to count the same rows."""
    kind, status, station = params.get("kind"), params.get("status"), params.get("station")
    if kind in Activity.Kind.values:
        activities = activities.filter(kind=kind)
    if status in Activity.Status.values:
        activities = activities.filter(status=status)
    if station and str(station).isdigit():
        activities = activities.filter(station=station)
    zone = timezone.get_current_timezone()
    first, last = _local_day(params.get("from")), _local_day(params.get("to"))
    if first:
        activities = activities.filter(starts_at__gte=datetime.combine(first, time.min, tzinfo=zone))
    if last:
        activities = activities.filter(
            starts_at__lt=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
        )
    if params.get("when") != "all":
        activities = activities.filter(ends_at__gte=timezone.now() - timedelta(days=30))
    return activities


def appointments_filtered(appointments, params):
    status = params.get("status")
    if status in Appointment.Status.values:
        appointments = appointments.filter(status=status)
    return appointments


# --- Notices (通知群发) ------------------------------------------------------------------------------------


def notices_visible_to(user):
    """Staff of the whole deployment see every notice; staff of a jurisdiction the notices to its stations
    and those written by its staff; an officer the notices of their stations; a deputy reads theirs in
    the inbox and by their read link, not here."""
    notices = Notice.objects.all()
    if user.sees_everything:
        return notices
    if user.is_committee_staff:
        return notices.filter(
            Q(station__in=stations_visible_to(user)) | Q(author__jurisdiction__in=jurisdictions_under(user))
        )
    if user.is_officer:
        return notices.filter(station__in=stations_visible_to(user))
    return notices.none()


def notice_audience(notice):
    """The serving deputies a notice goes to (saved or not): those stationed now at its station or the
    points under it (every one when it has none), narrowed to its group or level."""
    deputies = Deputy.objects.filter(is_active=True)
    if notice.station_id is not None:
        places = Station.objects.filter(Q(pk=notice.station_id) | Q(parent=notice.station_id))
        stationed = Stationing.objects.filter(deputy=OuterRef("pk"), until__isnull=True, station__in=places)
        deputies = deputies.filter(Exists(stationed))
    if notice.audience == Notice.Audience.GROUP:
        members = DeputyGroup.members.through.objects.filter(
            deputy=OuterRef("pk"), deputygroup=notice.group_id
        )
        deputies = deputies.filter(Exists(members))
    elif notice.audience == Notice.Audience.LEVEL:
        today = timezone.localdate()
        mandates = Mandate.objects.filter(deputy=OuterRef("pk"), level=notice.level).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=today)
        )
        deputies = deputies.filter(Exists(mandates))
    return deputies.order_by("name_pinyin", "pk")


def notice_rows(queryset):
    """What the list of notices shows per notice, in a fixed number of queries."""
    return queryset.select_related("station", "group", "author").annotate(
        recipients=Count("copies"), read=Count("copies", filter=Q(copies__read_at__isnull=False))
    )


def _delivery_of_copy(statuses):
    return Exists(Delivery.objects.filter(notification=OuterRef("notification"), status__in=statuses))


# How far a copy got: a row sent on some channel; rows still to go out; no row left that could reach them
# (no channel on record, or every channel failed).
RECEIVED = [Delivery.Status.SENT]
UNDER_WAY = [
    Delivery.Status.PENDING,
    Delivery.Status.QUEUED,
    Delivery.Status.SENDING,
    Delivery.Status.DIGESTED,
    Delivery.Status.UNCERTAIN,
]


def _copy_states():
    return {
        "received": _delivery_of_copy(RECEIVED),
        "under_way": _delivery_of_copy(UNDER_WAY),
        "unreached": ~_delivery_of_copy([*RECEIVED, *UNDER_WAY]),
    }


def notice_copies(notice, show=""):
    """Each deputy's copy of a notice with how far it got (`received`, `under_way`, `unreached`) and, on
    its message, the deliveries per channel; `show` narrows them to those read, unread, received or not
    reached, as the notice's figures count them."""
    deliveries = Delivery.objects.order_by("channel")
    copies = (
        notice.copies.select_related("deputy", "notification")
        .prefetch_related(Prefetch("notification__deliveries", queryset=deliveries))
        .annotate(**_copy_states())
        .order_by("deputy__name_pinyin", "pk")
    )
    if show in {"read", "unread"}:
        return copies.filter(read_at__isnull=show == "unread")
    if show in {"received", "unreached"}:
        return copies.filter(**{show: True})
    return copies


def notice_figures(notice):
    """The notice's counts: copies, read and unread, received, under way and not reached, and per channel
    the rows sent, under way and failed (one query each)."""
    states = _copy_states()
    figures = notice.copies.aggregate(
        recipients=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        received=Count("pk", filter=Q(states["received"])),
        under_way=Count("pk", filter=Q(states["under_way"]) & ~Q(states["received"])),
        unreached=Count("pk", filter=Q(states["unreached"])),
    )
    rows = (
        Delivery.objects.filter(notification__in=notifications_about(notice).filter(kind="notice"))
        .order_by()
        .values_list("channel", "status")
        .annotate(count=Count("pk"))
    )
    kinds = {**dict.fromkeys(RECEIVED, "sent"), **dict.fromkeys(UNDER_WAY, "under_way")}
    kinds[Delivery.Status.FAILED] = "failed"
    channels = {}
    for channel, status, count in rows:
        if status in kinds:
            counts = channels.setdefault(channel, {"sent": 0, "under_way": 0, "failed": 0})
            counts[kinds[status]] += count
    figures["unread"] = figures["recipients"] - figures["read"]
    labels = dict(Delivery.Channel.choices)
    figures["channels"] = [(labels[channel], channels[channel]) for channel in labels if channel in channels]
    return figures
