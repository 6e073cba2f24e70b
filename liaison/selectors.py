"""Reads of the network, with each user's scope built in: one place decides who sees which station."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Length

from liaison.models import HandlingUnit, Holiday, Jurisdiction, Station, Stationing, User


def jurisdictions_under(user):
    """The levels of the tree a staff member works for: their jurisdiction and all below it, or every one
    for staff of the whole deployment. The one place the tree is read for a scope: every room's staff
    branch goes through it (by stations, or by units)."""
    jurisdictions = Jurisdiction.objects.all()
    if user.sees_everything:
        return jurisdictions
    if user.is_committee_staff:
        return jurisdictions.filter(path__startswith=user.jurisdiction.path)
    return jurisdictions.none()


def held_for(queryset, place, *then):
    """The rows of `queryset` (a model with a `jurisdiction`, empty for the whole deployment) that hold for
    `place`: its levels' and the whole deployment's, the nearest level first, then by `then`. The one
    reading of "set at a level, inherited below" (policies, scoring rule sets), in one query."""
    levels = Q(jurisdiction__isnull=True) | Q(jurisdiction__in=jurisdictions_holding(place))
    nearest_first = Length("jurisdiction__path").desc(nulls_last=True)
    return queryset.filter(levels).select_related("jurisdiction").order_by(nearest_first, *then)


def jurisdictions_holding(place):
    """The levels of the tree `place` lies in, nearest first by path length: a jurisdiction and those above
    it; a station or point, its street and those above; a deputy, the streets of the places they are
    stationed at now and above; an account, the staff's level, an officer's stations' or a deputy's. A
    queryset to filter with (the policy in force reads it inside its one query, no loop up the tree);
    empty for the whole deployment (None, staff of no level, a place in no street)."""
    if place is None:
        return Jurisdiction.objects.none()
    if isinstance(place, Jurisdiction):
        # The path holds the ids from the root down: no query to find those above.
        return Jurisdiction.objects.filter(pk__in=[int(pk) for pk in place.path.split("/") if pk])
    if isinstance(place, User) and place.is_committee_staff:
        # By id, so that the account's jurisdiction need not be loaded first.
        streets = Jurisdiction.objects.filter(pk=place.jurisdiction_id)
    elif isinstance(place, User) and place.is_deputy and hasattr(place, "deputy"):
        return jurisdictions_holding(place.deputy)
    else:
        if isinstance(place, Station):
            places = Station.objects.filter(pk=place.pk)
        elif isinstance(place, User):
            places = place.stations.all() if place.is_officer else Station.objects.none()
        elif place._meta.label == "deputies.Deputy":  # a higher room's model, known here by name only
            places = Station.objects.filter(stationings__deputy=place, stationings__until__isnull=True)
        else:
            raise TypeError(f"No level of the tree holds a {type(place).__name__}.")
        streets = Jurisdiction.objects.filter(
            Q(pk__in=places.values("jurisdiction")) | Q(pk__in=places.values("parent__jurisdiction"))
        )
    return Jurisdiction.objects.filter(Exists(streets.filter(path__startswith=OuterRef("path"))))


def stations_visible_to(user):
    """Staff see every station under their jurisdiction; an officer sees their stations and the points
    under them; a deputy sees the places they are stationed at; nobody else sees any."""
    stations = Station.objects.all()
    if user.sees_everything:
        return stations
    if user.is_committee_staff:
        # A point belongs to its liaison station's street; a union of ids as for officers below.
        under = jurisdictions_under(user).order_by().values("pk")
        own = Station.objects.filter(jurisdiction__in=under).order_by().values("pk")
        points = Station.objects.filter(parent__jurisdiction__in=under).order_by().values("pk")
        return stations.filter(pk__in=own.union(points))
    if user.is_officer:
        own = user.stations.order_by().values("pk")
        # One list of ids as a UNION, not "own or under own": PostgreSQL estimates a union of a handful of
        # rows as such, where the OR of two subqueries looked like most of a city's 2,300 stations and made
        # it walk every opinion by date (issue 9: a text search went from 3 s to 50 ms at city scale).
        under_own = Station.objects.filter(parent__in=own).order_by().values("pk")
        return stations.filter(pk__in=own.union(under_own))
    if user.is_deputy and hasattr(user, "deputy"):
        return stations.filter(Exists(Stationing.objects.filter(station=OuterRef("pk"), deputy=user.deputy)))
    return stations.none()


def station_ids_visible_to(user):
    """The ids of stations_visible_to(user) as a list, read once per user object (a request's user). A
    literal list lets PostgreSQL plan a scope as the handful of stations it is: behind a subquery it took
    an officer's eight stations for a few more, yet still walked the city's 300,000 opinions by date when
    a text search joined the voter (470 ms; with the list it reads the stations' thousand by index, 6 ms)."""
    ids = getattr(user, "_visible_station_ids", None)
    if ids is None:
        ids = list(stations_visible_to(user).order_by().values_list("pk", flat=True))
        user._visible_station_ids = ids
    return ids


def stations_managed_by(user):
    """The stations whose details, deputies and officers a user may change."""
    if user.is_committee_staff or user.is_officer:
        return stations_visible_to(user)
    return Station.objects.none()


def street_of(station="station"):
    """The street (the jurisdiction) a row's station serves, as an SQL expression for grouping: a liaison
    station's own, a point's its station's (Station.street). `station` is the path to the station."""
    return Coalesce(f"{station}__jurisdiction", f"{station}__parent__jurisdiction")


def streets_visible_to(user):
    """The streets and towns a staff member compares (one row each on the dashboard and the workbook):
    those under their jurisdiction, or every one for staff of the whole deployment."""
    return (
        jurisdictions_under(user)
        .filter(level=Jurisdiction.Level.STREET)
        .select_related("parent")
        .order_by("path")
    )


def units_visible_to(user):
    """A unit belongs to the level that assigns to it (DOMAIN.md): staff of a street see and assign to
    their street's units, a district's staff to the district's and its streets'; staff of the whole
    deployment, and unit users for their own unit, as before."""
    units = HandlingUnit.objects.all()
    if user.sees_everything:
        return units
    if user.is_committee_staff:
        return units.filter(jurisdiction__in=jurisdictions_under(user))
    if user.is_unit_user:
        return units.filter(pk=user.handling_unit_id)
    return units.none()


def network_tree(user):
    """The visible liaison stations with their points, each with counts, in a fixed number of queries."""
    current_deputies = Count("stationings", filter=Q(stationings__until__isnull=True), distinct=True)
    visible = stations_visible_to(user)
    children = (
        visible.filter(parent__isnull=False)
        .select_related("head")
        .annotate(deputy_count=current_deputies, officer_count=Count("officers", distinct=True))
        .order_by("kind", "name")
    )
    roots = (
        Station.objects.filter(Q(pk__in=visible.values("pk")) | Q(children__in=visible.values("pk")))
        .filter(parent__isnull=True)
        .distinct()
        .select_related("head", "jurisdiction__parent")
        .annotate(
            deputy_count=current_deputies,
            officer_count=Count("officers", distinct=True),
            is_visible=Exists(visible.filter(pk=OuterRef("pk"))),
        )
        .prefetch_related(Prefetch("children", queryset=children, to_attr="visible_children"))
        .order_by("jurisdiction__path", "name")
    )
    return roots


def current_stationings(station):
    return (
        station.stationings.filter(until__isnull=True)
        .select_related("deputy")
        .order_by("deputy__name_pinyin")
    )


# --- The working-day calendar -------------------------------------------------------------------------

# Staff are warned from this month on when next year's calendar is not loaded: the State Council publishes
# the schedule in the autumn, and deadlines set in December already reach into January.
CALENDAR_WARNING_MONTH = 10


def calendar_days(year):
    return Holiday.objects.filter(date__year=year).select_related("changed_by")


def calendar_year_missing(today):
    """Next year, when it is the warning season and no day of next year's official schedule is loaded;
    else None. One query, whatever the season, so that the home page's count does not change with it."""
    year = today.year + 1
    loaded = Holiday.objects.filter(date__year=year, source=Holiday.Source.OFFICIAL).exists()
    return year if today.month >= CALENDAR_WARNING_MONTH and not loaded else None
