"""Helpers for the role-by-URL tables that each app keeps in tests/<app>/access.py."""

ROLES = (
    "officer",
    "other_officer",
    "deputy",
    "other_deputy",
    "committee_staff",
    "street_staff",
    "other_street_staff",
    "district_staff",
    "other_district_staff",
    "unit_user",
    "anonymous",
)
# Staff of a jurisdiction (tests/conftest.py): `station` lies in `street_staff`'s street, `other_station`
# in `other_street_staff`'s, both in `district_staff`'s district; `other_district_staff` works for another
# district of the same deployment; `committee_staff` has the whole deployment.
JURISDICTION_STAFF = ("street_staff", "other_street_staff", "district_staff", "other_district_staff")


def expect(default=None, **statuses):
    """Expected status per role; roles not named get `default`, except the staff of a jurisdiction: those
    of the street and of the district get what staff of the whole deployment get, and those of the other
    street or district a 404 where the other station's officer gets one (the rows' objects are of `station`)."""
    unknown = set(statuses) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    table = {role: statuses.get(role, default) for role in ROLES if role not in JURISDICTION_STAFF}
    staff = table["committee_staff"]
    outsider = 404 if table["other_officer"] == 404 and staff == 200 else staff
    derived = {
        "street_staff": staff,
        "district_staff": staff,
        "other_street_staff": outsider,
        "other_district_staff": outsider,
    }
    return {role: statuses.get(role, table.get(role, derived.get(role))) for role in ROLES}


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
# What the whole deployment shares (liaison.core.access.is_deployment_staff): staff of one street or district
# are refused.
DEPLOYMENT_STAFF_ONLY = expect(
    403, committee_staff=200, anonymous=LOGIN, **dict.fromkeys(JURISDICTION_STAFF, 403)
)
EVERY_USER = expect(200, anonymous=LOGIN)
PUBLIC = expect(200)
POST_ONLY = expect(405)  # a GET is refused before anything else
