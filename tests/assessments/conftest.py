import pytest
from django.utils import timezone

from assessments.rules import ruleset_ensure


@pytest.fixture
def this_year():
    return timezone.localdate().year


@pytest.fixture
def ruleset(db, this_year):
    return ruleset_ensure(this_year)
