"""Role checks for pages that are not about one object; objects are scoped by each app's selectors.

Every page names who may open it with `role_required` and one of the predicates below; an app does not
define its own. A predicate looks at the role only (liaison.User's `is_officer`, `is_deputy`,
`is_committee_staff`, `is_unit_user`), never at a record."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy

from liaison.core.errors import ActionRefused

ONLY_COMMITTEE_STAFF = gettext_lazy("Only committee staff may do this.")


def role_required(predicate):
    """Let a logged-in user in only when predicate(user) holds; others get 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def any_signed_in(user):
    """Every account: the home page, the inbox, one's own settings."""
    return True


def is_committee_staff(user):
    """Staff and administrators, who supervise the whole jurisdiction."""
    return user.is_committee_staff


def is_deployment_staff(user):
    """Staff of the whole deployment, who alone change what every street and district shares: the
    reminder rules, the congress sessions, the gateways, the opinions' categories, the working-day
    calendar, the freezing and publishing of a year's results. Staff of one jurisdiction see those pages
    read-only."""
    return user.sees_everything


def is_deputy(user):
    return user.is_deputy


def is_deputy_with_record(user):
    """A deputy's account linked to the deputy it belongs to (an account made before its deputy is not)."""
    return user.is_deputy and hasattr(user, "deputy")


def is_unit_user(user):
    """A handling unit's account (one with no unit set sees nothing of the units' work)."""
    return user.is_unit_user


def manages_network(user):
    """Officers and staff keep the roster and the stations."""
    return user.is_committee_staff or user.is_officer


def manages_network_or_deputy(user):
    """Officers and staff, and the deputies, who see their own part of it."""
    return manages_network(user) or user.is_deputy


def manages_network_deputy_or_unit(user):
    """Everyone with a part in the loop of suggestions: who writes them, who handles them."""
    return manages_network_or_deputy(user) or user.is_unit_user


def is_deputy_or_committee_staff(user):
    return user.is_deputy or user.is_committee_staff


def is_committee_staff_or_unit(user):
    return user.is_committee_staff or user.is_unit_user


def refuse_unless_committee_staff(actor):
    """For services: a step only committee staff take is refused to anyone else."""
    if not actor.is_committee_staff:
        raise ActionRefused(ONLY_COMMITTEE_STAFF)
