"""Every page of liaison/livelihood/ as every role (tests/test_url_access.py walks them). The rows' objects
are of `station`'s street, voted on by `deputy_record`, the responsible unit `unit_user`'s."""

from liaison.livelihood.services import vote_roll
from tests.access import LOGIN, STAFF_ONLY, expect
from tests.livelihood.factories import candidate, carried, completed, open_vote

OUTSIDERS_404 = {"other_street_staff": 404, "other_district_staff": 404}
STAFF_STEP = expect(403, committee_staff=200, anonymous=LOGIN, **OUTSIDERS_404)
SEEN_IN_STREET = expect(200, other_officer=404, other_deputy=404, anonymous=LOGIN, **OUTSIDERS_404)


def _candidate(f):
    return {"pk": candidate(f("staff_user"), f("street"), f("handling_unit")).pk}


def _carried(f):
    return {"pk": carried(f("staff_user"), f("street"), f("handling_unit"), f("deputy_record")).pk}


def _completed(f):
    return {"pk": completed(f("staff_user"), f("street"), f("handling_unit"), f("deputy_record")).pk}


def _open_vote(f):
    return {
        "pk": open_vote(f("staff_user"), [candidate(f("staff_user"), f("street"), f("handling_unit"))]).pk
    }


def _rolled_vote(f):
    vote = open_vote(f("staff_user"), [candidate(f("staff_user"), f("street"), f("handling_unit"))])
    vote_roll(vote=vote, present=[f("deputy_record")], actor=f("staff_user"))
    return {"pk": vote.pk}


ACCESS = {
    "livelihood:list": (None, expect(200, anonymous=LOGIN)),
    "livelihood:create": (None, STAFF_ONLY),
    "livelihood:detail": (_candidate, SEEN_IN_STREET),
    "livelihood:edit": (_candidate, STAFF_STEP),
    "livelihood:withdraw": (_candidate, STAFF_STEP),
    "livelihood:supervisors": (_carried, STAFF_STEP),
    "livelihood:report": (
        _carried,
        expect(403, committee_staff=200, unit_user=200, anonymous=LOGIN, **OUTSIDERS_404),
    ),
    "livelihood:visit": (
        _carried,
        expect(403, deputy=200, other_deputy=404, committee_staff=200, anonymous=LOGIN, **OUTSIDERS_404),
    ),
    "livelihood:evaluate": (
        _completed,
        expect(403, deputy=200, other_deputy=404, committee_staff=200, anonymous=LOGIN, **OUTSIDERS_404),
    ),
    "livelihood:votes": (None, expect(200, unit_user=403, anonymous=LOGIN)),
    "livelihood:vote_create": (None, STAFF_ONLY),
    "livelihood:vote_detail": (
        _rolled_vote,
        expect(200, other_officer=404, other_deputy=404, unit_user=403, anonymous=LOGIN, **OUTSIDERS_404),
    ),
    "livelihood:vote_roll": (_open_vote, STAFF_STEP),
    "livelihood:vote_tally": (_rolled_vote, STAFF_STEP),
}
