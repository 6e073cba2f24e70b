import pytest

from liaison.models import User
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory, UserFactory
from tests.suggestions.factories import other_unit


@pytest.fixture
def street_deputies(station, deputy_record):
    """Three deputies of the district congress stationed in the street: `deputy_record` and two more."""
    others = []
    for name in ("周明", "吴静"):
        deputy = DeputyFactory(name=name)
        MandateFactory(deputy=deputy)
        StationingFactory(deputy=deputy, station=station)
        others.append(deputy)
    return [deputy_record, *others]


@pytest.fixture
def other_unit_user(db):
    return UserFactory(username="unit2", role=User.Role.UNIT, handling_unit=other_unit())
