"""A policy set at a level of the tree (issue 15): the nearest level up that set one is in force for a
station, a deputy, an account; staff set their own level's and see what they inherit, never the level above."""

import pytest
from django.urls import reverse

from liaison.models import Jurisdiction
from liaison.policies.models import POLICY_FIELDS, Policy
from liaison.policies.selectors import policy_in_force
from liaison.policies.services import policy_set
from tests.liaison.factories import JurisdictionFactory, StationingFactory

pytestmark = pytest.mark.django_db
PAGE = reverse("policies:edit")


def _set(actor, **changes):
    values = {name: getattr(policy_in_force(actor.jurisdiction), name) for name in POLICY_FIELDS}
    return policy_set(actor=actor, **{**values, **changes})


def _form(level, **changes):
    current = policy_in_force(level)
    values = {name: getattr(current, name) for name in POLICY_FIELDS}
    values["basically_satisfied_reassigns"] = "on" if current.basically_satisfied_reassigns else ""
    return {**values, "note": "", **changes}


def test_the_nearest_level_up_is_in_force(
    staff_user, district_staff_user, street_staff_user, street, other_street, station, point, other_station
):
    deployment = _set(staff_user, opinion_answer_days=20)
    assert [policy_in_force(each) for each in (None, street, station, point)] == [deployment] * 4
    district = _set(district_staff_user, opinion_answer_days=10)
    own = _set(street_staff_user, opinion_answer_days=5)
    assert (own.jurisdiction, district.jurisdiction) == (street, street.parent)
    assert policy_in_force(station) == own and policy_in_force(point) == own
    assert policy_in_force(street_staff_user) == own
    # The other street of the district sets nothing: the district's is its policy.
    assert policy_in_force(other_station) == district and policy_in_force(other_street) == district
    assert policy_in_force(None) == deployment and policy_in_force(staff_user) == deployment
    # A later version at the deployment's level does not reach below a level with its own.
    _set(staff_user, opinion_answer_days=30)
    assert policy_in_force(station).opinion_answer_days == 5
    assert policy_in_force(other_station).opinion_answer_days == 10


def test_a_city_above_the_district_reaches_every_street(street_staff_user, street, station):
    city = JurisdictionFactory(name="武汉市", level=Jurisdiction.Level.CITY)
    district = street.parent
    district.parent = city
    district.save()
    street_staff_user.jurisdiction.refresh_from_db()  # the path moved with its district
    city_staff = type(street_staff_user).objects.create(username="city", role="staff", jurisdiction=city)
    policy = _set(city_staff, reception_publish_days_ahead=14)
    assert policy_in_force(station) == policy and policy_in_force(street_staff_user) == policy


def test_one_query_whatever_the_depth(
    street_staff_user, station, point, deputy_record, django_assert_num_queries
):
    _set(street_staff_user, opinion_answer_days=5)
    for place in (point, deputy_record, street_staff_user, station.jurisdiction):
        with django_assert_num_queries(1):
            assert policy_in_force(place).opinion_answer_days == 5


def test_a_deputy_and_an_officer_follow_their_stations_street(
    district_staff_user,
    other_street_staff_user,
    other_station,
    deputy_record,
    officer_user,
    other_officer_user,
):
    district = _set(district_staff_user, opinion_answer_days=10)
    other = _set(other_street_staff_user, opinion_answer_days=3)
    assert policy_in_force(deputy_record) == district and policy_in_force(officer_user) == district
    assert policy_in_force(other_officer_user) == other
    # Stationed in the other street too: the other street's own policy is nearer than the district's.
    StationingFactory(deputy=deputy_record, station=other_station)
    assert policy_in_force(deputy_record) == other


def test_street_staff_see_the_inherited_policy_and_set_their_own_only(
    street_staff, street_staff_user, district_staff_user, street
):
    district = _set(district_staff_user, opinion_answer_days=10, note="区人大常委会主任会议")
    page = street_staff.get(PAGE).content.decode()
    assert "继承" in page and street.parent.name in page and 'value="10"' in page
    response = street_staff.post(PAGE, _form(street, opinion_answer_days=6))
    assert response.status_code == 302
    own = Policy.objects.get(jurisdiction=street)
    assert own.opinion_answer_days == 6 and own.set_by == street_staff_user
    district.refresh_from_db()
    assert district.opinion_answer_days == 10 and policy_in_force(street.parent) == district
    page = street_staff.get(PAGE).content.decode()
    assert "继承" not in page and "区人大常委会主任会议" not in page  # the district's history is its own


def test_district_staff_do_not_see_a_streets_versions(district_staff, street_staff_user, street):
    _set(street_staff_user, opinion_answer_days=6, note="街道人大工委会议")
    page = district_staff.get(PAGE).content.decode()
    assert "街道人大工委会议" not in page and "继承" in page
