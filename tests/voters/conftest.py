import pytest

from tests.voters.factories import OpinionFactory, VoterFactory


@pytest.fixture
def voter(station):
    return VoterFactory(station=station, name="张三明", phone="+8613812345678")


@pytest.fixture
def opinion(station, voter, deputy_record, officer_user):
    return OpinionFactory(station=station, voter=voter, deputy=deputy_record, officer=officer_user)


@pytest.fixture
def other_opinion(other_station):
    return OpinionFactory(station=other_station, voter=VoterFactory(station=other_station))
