"""Reads of accounts, with each user's scope built in."""

from django.db.models import Exists, OuterRef, Prefetch, Q

from liaison.accounts.models import ActivationToken
from liaison.models import Station, User
from liaison.security import SecurityEvent
from liaison.selectors import jurisdictions_under, stations_visible_to, units_visible_to


def users_visible_to(user):
    """Committee staff and administrators see the accounts under their jurisdiction (every one for staff of
    the whole deployment): staff of a level under it, officers of its stations, deputies stationed there,
    staff of its units. Nobody else sees the list."""
    users = User.objects.all()
    if user.sees_everything:
        return users
    if not user.is_committee_staff:
        return users.none()
    stations = stations_visible_to(user)
    under = (
        users.filter(jurisdiction__in=jurisdictions_under(user))
        .order_by()
        .values("pk")
        .union(users.filter(stations__in=stations).order_by().values("pk"))
        .union(users.filter(deputy__stationings__station__in=stations).order_by().values("pk"))
        .union(users.filter(handling_unit__in=units_visible_to(user)).order_by().values("pk"))
    )
    return users.filter(pk__in=under)


def unused_link():
    """Whether the account has an activation link not used yet (expired or not). An inactive account with
    one awaits activation; without one it was disabled, since disabling deletes the links."""
    return Exists(ActivationToken.objects.filter(user=OuterRef("pk"), used_at__isnull=True))


def user_rows(queryset):
    """What the accounts list and page show of each account, without a query per row."""
    return (
        queryset.select_related("handling_unit", "deputy", "jurisdiction")
        .prefetch_related(Prefetch("stations", queryset=Station.objects.order_by("name")))
        .annotate(has_unused_link=unused_link())
        .order_by("username")
    )


def security_events_visible_to(user):
    """The security log as staff read it: staff of the whole deployment every line; staff of a jurisdiction
    the lines of the accounts they see, failed logins by those accounts' usernames included (they carry no
    user). Nobody else reads it."""
    events = SecurityEvent.objects.all()
    if user.sees_everything:
        return events
    if not user.is_committee_staff:
        return events.none()
    accounts = users_visible_to(user)
    return events.filter(
        Q(user__in=accounts.values("pk")) | Q(user__isnull=True, username__in=accounts.values("username"))
    )


def user_events(user, limit=20):
    """The latest security-log lines about this account."""
    return SecurityEvent.objects.filter(target=f"{User._meta.label} #{user.pk}")[:limit]


def unlinked_deputy_accounts(user):
    """Deputies' accounts that belong to no deputy record yet, among those the staff member sees, which
    they may link to one."""
    return users_visible_to(user).filter(role=User.Role.DEPUTY, deputy__isnull=True).order_by("username")
