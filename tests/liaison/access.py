"""Every page of liaison/ itself (accounts, the security log, the network) as every role
(tests/test_url_access.py walks them)."""

from tests.access import LOGIN, NETWORK_PAGE, expect

# url name: (kwargs from fixtures, expected status per role)
ACCESS = {
    "security_log": (None, expect(403, committee_staff=200, anonymous=LOGIN)),
    "second_factor_verify": (None, expect(200, anonymous=LOGIN)),
    "second_factor_setup": (None, expect(200, anonymous=LOGIN)),
    "liaison:network": (None, NETWORK_PAGE),
    "liaison:station_create": (None, expect(403, committee_staff=200, anonymous=LOGIN)),
    "liaison:station_detail": (
        lambda f: {"pk": f("point").pk},
        expect(
            officer=200,
            other_officer=404,
            deputy=200,
            other_deputy=404,
            committee_staff=200,
            unit_user=403,
            anonymous=LOGIN,
        ),
    ),
    "liaison:station_edit": (
        lambda f: {"pk": f("point").pk},
        expect(
            officer=200,
            other_officer=404,
            deputy=403,
            other_deputy=403,
            committee_staff=200,
            unit_user=403,
            anonymous=LOGIN,
        ),
    ),
}
