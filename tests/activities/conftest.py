import pytest

from liaison.activities.models import Invitation
from tests.activities.factories import ActivityFactory


@pytest.fixture
def activity(station, officer_user, deputy_record, deputy_user):
    """A training at the officer's station, with the fixture deputy (who has an account) invited."""
    activity = ActivityFactory(station=station, organiser=officer_user)
    Invitation.objects.create(activity=activity, deputy=deputy_record)
    return activity


@pytest.fixture
def invitation(activity, deputy_record):
    return activity.invitations.get(deputy=deputy_record)
