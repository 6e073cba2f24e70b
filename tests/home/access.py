"""Every page of liaison/home/ as every role (tests/test_url_access.py walks them)."""

from tests.access import LOGIN, PUBLIC, STAFF_ONLY, expect

# url name: (kwargs from fixtures, expected status per role)
ACCESS = {
    "home:home": (None, expect(200, anonymous=LOGIN)),
    # The staff dashboard's full tables, each staff member's jurisdiction only.
    "home:staff_units": (None, STAFF_ONLY),
    "home:staff_stations": (None, STAFF_ONLY),
    "home:staff_streets": (None, STAFF_ONLY),
    # The public site of each station and its poster (四公开, 码上找代表): anyone, no account.
    "home:public_index": (None, PUBLIC),
    "home:station_public": (lambda f: {"pk": f("station").pk}, PUBLIC),
    "home:station_poster": (lambda f: {"pk": f("point").pk}, PUBLIC),
    "home:deputy_public": (lambda f: {"token": f("deputy_record").public_token}, PUBLIC),
    "home:deputy_public_poster": (lambda f: {"token": f("deputy_record").public_token}, PUBLIC),
}
