"""Reads of deputies and groups, with each user's scope built in."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy, DeputyGroup, Mandate
from liaison.models import Stationing
from liaison.selectors import stations_visible_to


def deputies_visible_to(user):
    """Staff of the whole deployment see every deputy; staff of a jurisdiction and officers the deputies
    stationed at the places they see; a deputy sees only their own record."""
    deputies = Deputy.objects.all()
    if user.sees_everything:
        return deputies
    if user.is_committee_staff or user.is_officer:
        stationed = Stationing.objects.filter(deputy=OuterRef("pk"), station__in=stations_visible_to(user))
        return deputies.filter(Exists(stationed))
    if user.is_deputy:
        return deputies.filter(user=user)
    return deputies.none()


def deputies_managed_by(user):
    """The deputies whose record a user may change: staff and officers those they see."""
    if user.is_committee_staff or user.is_officer:
        return deputies_visible_to(user)
    return Deputy.objects.none()


def roster_rows(queryset):
    """What the roster and its export show for each deputy, without a query per row."""
    return queryset.prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.order_by("level")),
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name")),
        Prefetch(
            "stationings",
            queryset=Stationing.objects.filter(until__isnull=True).select_related("station"),
            to_attr="current_stationings",
        ),
    )


def deputy_get(user, pk):
    deputies = roster_rows(deputies_visible_to(user)).select_related("user")
    return get_object_or_404(deputies, pk=pk)


def groups_visible_to(user):
    groups = DeputyGroup.objects.all()
    if user.sees_everything:
        return groups
    if user.is_committee_staff or user.is_officer or user.is_deputy:
        members = DeputyGroup.members.through.objects.filter(
            deputygroup=OuterRef("pk"), deputy__in=deputies_visible_to(user)
        )
        return groups.filter(Q(station__in=stations_visible_to(user)) | Q(Exists(members)))
    return groups.none()


def groups_managed_by(user):
    """Staff of the whole deployment manage every group; staff of a jurisdiction and officers the groups
    that meet at their stations."""
    if user.sees_everything:
        return DeputyGroup.objects.all()
    if user.is_committee_staff or user.is_officer:
        return DeputyGroup.objects.filter(station__in=stations_visible_to(user))
    return DeputyGroup.objects.none()


def sectors_in_use(user):
    """The sectors the roster's filter offers: those of the deputies the user sees."""
    return list(
        deputies_visible_to(user)
        .exclude(sector="")
        .order_by("sector")
        .values_list("sector", flat=True)
        .distinct()
    )


# --- What the public pages show of a deputy (亮身份, seed 001): nothing personal beyond it -----------


def mandates_in_force(today=None):
    """The deputies' mandates in force as `current_mandates`, for prefetch_related."""
    today = today or timezone.localdate()
    return Prefetch(
        "mandates",
        queryset=Mandate.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today)).order_by("level"),
        to_attr="current_mandates",
    )


def public_deputy_rows(queryset, *, today=None):
    """What the public pages show of each deputy, without a query per deputy: mandates in force, groups,
    current stationings."""
    current = Stationing.objects.filter(until__isnull=True, station__is_active=True)
    return queryset.prefetch_related(
        mandates_in_force(today),
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name")),
        Prefetch("stationings", queryset=current.select_related("station"), to_attr="current_stationings"),
    )


def public_deputy_get(token):
    return get_object_or_404(public_deputy_rows(Deputy.objects.filter(is_active=True)), public_token=token)
