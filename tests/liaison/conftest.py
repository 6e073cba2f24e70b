import pytest

from liaison.activities.models import Invitation
from tests.liaison.activity_factories import ActivityFactory, VisitFactory


@pytest.fixture
def activity(station, officer_user, deputy_record, deputy_user):
    """A training at the officer's station, with the fixture deputy (who has an account) invited."""
    activity = ActivityFactory(station=station, organiser=officer_user)
    Invitation.objects.create(activity=activity, deputy=deputy_record)
    return activity


@pytest.fixture
def invitation(activity, deputy_record):
    return activity.invitations.get(deputy=deputy_record)


@pytest.fixture
def visit(point, officer_user, deputy_record):
    visit = VisitFactory(station=point, officer=officer_user, created_by=officer_user)
    visit.deputies.add(deputy_record)
    return visit
