"""Reads of accounts, with each user's scope built in."""

from django.db.models import Exists, OuterRef, Prefetch

from liaison.accounts.models import ActivationToken
from liaison.models import Station, User
from liaison.security import SecurityEvent


def users_visible_to(user):
    """Committee staff and administrators see every account; nobody else sees the list."""
    return User.objects.all() if user.is_committee_staff else User.objects.none()


def unused_link():
    """Whether the account has an activation link not used yet (expired or not). An inactive account with
    one awaits activation; without one it was disabled, since disabling deletes the links."""
    return Exists(ActivationToken.objects.filter(user=OuterRef("pk"), used_at__isnull=True))


def user_rows(queryset):
    """What the accounts list and page show of each account, without a query per row."""
    return (
        queryset.select_related("handling_unit", "deputy")
        .prefetch_related(Prefetch("stations", queryset=Station.objects.order_by("name")))
        .annotate(has_unused_link=unused_link())
        .order_by("username")
    )


def user_events(user, limit=20):
    """The latest security-log lines about this account."""
    return SecurityEvent.objects.filter(target=f"{User._meta.label} #{user.pk}")[:limit]


def unlinked_deputy_accounts():
    """Deputies' accounts that belong to no deputy record yet, which staff may link to one."""
    return User.objects.filter(role=User.Role.DEPUTY, deputy__isnull=True).order_by("username")
