"""Jurisdictions as a tree (issue 15): city → district → street, each level's staff seeing what lies under
it: stations and their points, accounts, the network page; and giving accounts only what lies under it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from liaison.accounts.selectors import users_visible_to
from liaison.models import Jurisdiction, Station, User
from liaison.selectors import jurisdictions_under, stations_visible_to
from tests.liaison.factories import (
    JurisdictionFactory,
    PointFactory,
    StationFactory,
    StreetFactory,
    UserFactory,
)


def test_the_path_follows_the_tree_and_a_move_carries_the_subtree(district, street):
    city = JurisdictionFactory(name="武汉市", level=Jurisdiction.Level.CITY)
    assert street.path == f"{district.pk}/{street.pk}/"
    district.parent = city
    district.save()
    street.refresh_from_db()
    assert street.path == f"{city.pk}/{district.pk}/{street.pk}/"


def test_a_street_lies_in_a_district(district, street):
    with pytest.raises(ValidationError):
        Jurisdiction(name="孤街", level=Jurisdiction.Level.STREET, parent=street).full_clean()
    with pytest.raises(ValidationError):
        Jurisdiction(name="区中区", level=Jurisdiction.Level.DISTRICT, parent=district).full_clean()
    with pytest.raises(IntegrityError):
        JurisdictionFactory(name="无区街道", level=Jurisdiction.Level.STREET)


def test_each_level_sees_the_stations_under_it(station, point, other_station, staff_user, district):
    unplaced = StationFactory()  # a station of no street: only staff of the whole deployment see it
    street_staff, other, whole = (
        UserFactory(role=User.Role.STAFF, jurisdiction=station.jurisdiction),
        UserFactory(role=User.Role.STAFF, jurisdiction=other_station.jurisdiction),
        UserFactory(role=User.Role.STAFF, jurisdiction=district),
    )
    assert set(stations_visible_to(street_staff)) == {station, point}
    assert set(stations_visible_to(other)) == {other_station}
    assert set(stations_visible_to(whole)) == {station, point, other_station}
    assert set(stations_visible_to(staff_user)) == {station, point, other_station, unplaced}
    assert set(jurisdictions_under(street_staff)) == {station.jurisdiction}


@pytest.mark.parametrize("points", [2, 20])
def test_district_staff_see_both_streets_on_the_network_page(
    district_staff, district, points, django_assert_num_queries
):
    for street in StreetFactory.create_batch(2, parent=district):
        PointFactory.create_batch(points, parent=StationFactory(jurisdiction=street))
    StationFactory()  # outside the district
    with django_assert_num_queries(5):  # session, user, their jurisdiction, roots, points
        response = district_staff.get(reverse("liaison:network"))
    roots = response.context["roots"]
    assert len(roots) == 2 and all(len(root.visible_children) == points for root in roots)
    assert district.name in response.content.decode()


def test_street_staff_get_404_on_the_other_streets_station(street_staff, other_station, station):
    assert street_staff.get(reverse("liaison:station_detail", args=[other_station.pk])).status_code == 404
    assert street_staff.get(reverse("liaison:station_edit", args=[other_station.pk])).status_code == 404
    assert street_staff.get(reverse("liaison:station_edit", args=[station.pk])).status_code == 200


def test_street_staff_place_a_new_station_in_their_street_only(street_staff, street, other_street):
    data = {"name": "新站", "kind": Station.Kind.STATION}
    response = street_staff.post(reverse("liaison:station_create"), data)
    assert "请选择该联络站所在的街道（乡镇）" in response.content.decode()
    response = street_staff.post(reverse("liaison:station_create"), {**data, "jurisdiction": other_street.pk})
    assert "jurisdiction" in response.context["form"].errors
    assert (
        street_staff.post(reverse("liaison:station_create"), {**data, "jurisdiction": street.pk}).status_code
        == 302
    )
    assert Station.objects.get(name="新站").jurisdiction == street


def test_street_staff_see_the_accounts_under_their_street(
    street_staff_user,
    officer_user,
    other_officer_user,
    deputy_user,
    other_street_staff_user,
    district_staff_user,
):
    assert set(users_visible_to(street_staff_user)) == {street_staff_user, officer_user, deputy_user}
    assert set(users_visible_to(district_staff_user)) >= {
        officer_user,
        other_officer_user,
        other_street_staff_user,
    }


def _new(client, **fields):
    data = {"username": "wang", "display_name": "王芳", "role": "staff", "start": "password"}
    return client.post(reverse("accounts:user_create"), {**data, "password": "Quite-long-2026", **fields})


def test_street_staff_give_accounts_only_what_lies_under_their_street(
    street_staff, street, other_street, other_station, station
):
    assert "请选择该账号所属的辖区" in _new(street_staff).content.decode()
    assert "jurisdiction" in _new(street_staff, jurisdiction=other_street.pk).context["form"].errors
    assert (
        "stations" in _new(street_staff, role="officer", stations=[other_station.pk]).context["form"].errors
    )
    assert _new(street_staff, jurisdiction=street.pk).status_code == 302
    assert User.objects.get(username="wang").jurisdiction == street
    assert _new(street_staff, username="li", role="officer", stations=[station.pk]).status_code == 302
