"""Role checks for pages that are not about one object; objects are scoped by each app's selectors."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


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


def manages_network(user):
    """Officers and staff keep the roster and the stations."""
    return user.is_committee_staff or user.is_officer
