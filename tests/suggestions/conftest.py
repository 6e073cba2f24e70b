import pytest

from liaison.models import User
from tests.liaison.factories import UserFactory
from tests.suggestions.factories import Loop, other_unit


@pytest.fixture
def loop(staff_user, deputy_user, unit_user_account):
    return Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)


@pytest.fixture
def second_unit(db):
    return other_unit()


@pytest.fixture
def second_unit_user(second_unit):
    return UserFactory(username="unit2", role=User.Role.UNIT, handling_unit=second_unit)


@pytest.fixture
def second_unit_client(second_unit_user):
    from django.test import Client

    client = Client()
    client.force_login(second_unit_user)
    return client


@pytest.fixture
def admin_user_account(db):
    return UserFactory(username="admin", role=User.Role.ADMIN)
