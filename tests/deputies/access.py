from tests.access import LOGIN, NETWORK_PAGE, expect

OWN_DEPUTY_PAGE = expect(
    officer=200,
    other_officer=404,
    deputy=200,
    other_deputy=404,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)
MANAGE_DEPUTY = expect(
    officer=200,
    other_officer=404,
    deputy=403,
    other_deputy=403,
    committee_staff=200,
    unit_user=403,
    anonymous=LOGIN,
)


def _deputy(f):
    return {"pk": f("deputy_record").pk}


def _mandate(f):
    deputy = f("deputy_record")
    return {"pk": deputy.pk, "mandate_pk": deputy.mandates.get().pk}


def _group(f):
    from tests.deputies.factories import DeputyGroupFactory

    group = DeputyGroupFactory(station=f("point"))
    group.members.add(f("deputy_record"))
    return {"pk": group.pk}


ACCESS = {
    "deputies:list": (None, NETWORK_PAGE),
    "deputies:export": (None, NETWORK_PAGE),
    "deputies:roster_print": (None, NETWORK_PAGE),
    "deputies:roster_pdf": (None, NETWORK_PAGE),
    "deputies:import": (None, NETWORK_PAGE),
    "deputies:import_template": (None, NETWORK_PAGE),
    "deputies:create": (None, NETWORK_PAGE),
    "deputies:groups": (None, NETWORK_PAGE),
    "deputies:own_profile": (None, expect(403, deputy=200, other_deputy=200, anonymous=LOGIN)),
    "deputies:group_create": (None, NETWORK_PAGE),
    "deputies:detail": (_deputy, OWN_DEPUTY_PAGE),
    "deputies:qr": (_deputy, OWN_DEPUTY_PAGE),
    "deputies:qr_poster": (_deputy, OWN_DEPUTY_PAGE),
    "deputies:edit": (_deputy, MANAGE_DEPUTY),
    "deputies:mandate_create": (_deputy, MANAGE_DEPUTY),
    "deputies:mandate_edit": (_mandate, MANAGE_DEPUTY),
    "deputies:group_detail": (_group, OWN_DEPUTY_PAGE),
    "deputies:group_edit": (_group, MANAGE_DEPUTY),
    "deputies:stationing_add": (lambda f: {"pk": f("point").pk}, MANAGE_DEPUTY),
    # POST only: a GET is refused before anything else.
    "deputies:stationing_end": (lambda f: {"pk": f("deputy_record").stationings.get().pk}, expect(405)),
    # Deputies' accounts (liaison/accounts): staff and officers, each within their scope.
    "deputies:accounts": (None, NETWORK_PAGE),
    "deputies:account": (_deputy, MANAGE_DEPUTY),
    "deputies:account_activation": (_deputy, expect(405)),
    "deputies:account_link": (_deputy, expect(405)),
    "deputies:account_unlink": (_deputy, expect(405)),
}
