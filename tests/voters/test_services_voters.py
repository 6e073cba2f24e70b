"""Voters' records (voters/services/voters.py): a voter is found again by phone within the station's network."""

import pytest

from voters.models import Voter
from voters.services.voters import voter_find_or_create

pytestmark = pytest.mark.django_db


def test_voter_is_found_again_by_phone_in_the_station_network(station, point):
    first = voter_find_or_create(station=station, phone="+8613812340000", name="李四")
    again = voter_find_or_create(station=point, phone="+8613812340000", community="丹桂社区")
    assert again.pk == first.pk
    assert again.community == "丹桂社区"
    assert again.name == "李四"
    assert Voter.objects.count() == 1


def test_same_phone_elsewhere_is_another_stations_voter(station, other_station):
    voter_find_or_create(station=station, phone="+8613812340000", name="李四")
    voter_find_or_create(station=other_station, phone="+8613812340000", name="李四")
    assert Voter.objects.count() == 2


def test_no_name_and_no_phone_means_anonymous(station):
    assert voter_find_or_create(station=station) is None
