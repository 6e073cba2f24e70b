"""Helpers for the role-by-URL tables that each app keeps in tests/<app>/access.py."""

ROLES = ("officer", "other_officer", "deputy", "other_deputy", "committee_staff", "unit_user", "anonymous")


def expect(default=None, **statuses):
    """Expected status per role; roles not named get `default`."""
    unknown = set(statuses) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: statuses.get(role, default) for role in ROLES}


# Common shapes.
LOGIN = 302  # anonymous users are sent to the login page
NETWORK_PAGE = expect(
    officer=200,
    other_officer=200,
    committee_staff=200,
    deputy=403,
    other_deputy=403,
    unit_user=403,
    anonymous=LOGIN,
)
STAFF_ONLY = expect(403, committee_staff=200, anonymous=LOGIN)
EVERY_USER = expect(200, anonymous=LOGIN)
PUBLIC = expect(200)
POST_ONLY = expect(405)  # a GET is refused before anything else
