"""The demo shows a year of livelihood projects (issue 16: the demo data has a year of each)."""

import pytest

from liaison.livelihood.models import Ballot, Project, Vote
from liaison.livelihood.transitions import project_actions
from liaison.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_votes_reports_supervision_and_evaluations(demo_street):
    outcomes = set(Ballot.objects.values_list("outcome", flat=True))
    assert outcomes == {Ballot.Outcome.CARRIED, Ballot.Outcome.LOST, Ballot.Outcome.NO_QUORUM}
    no_quorum = Vote.objects.filter(quorum_met=False)
    assert no_quorum.exists()
    assert not no_quorum.filter(year__in=Vote.objects.filter(quorum_met=True).values("year")).exists()
    statuses = set(Project.objects.values_list("status", flat=True))
    assert {Project.Status.CARRIED, Project.Status.COMPLETED, Project.Status.EVALUATED} <= statuses
    assert Project.objects.filter(reports__isnull=False, visits__isnull=False).exists()
    assert Project.objects.filter(source=Project.Source.OPINIONS, opinions__isnull=False).exists()
    # The demo deputy's login has an evaluation waiting, the demo unit's a project to report on.
    deputy = User.objects.get(username="deputy")
    assert any("evaluate" in project_actions(p, deputy) for p in deputy.deputy.supervised_projects.all())
    unit = User.objects.get(username="unit")
    assert any("report" in project_actions(p, unit) for p in Project.objects.filter(unit=unit.handling_unit))
