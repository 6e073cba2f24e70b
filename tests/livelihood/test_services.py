"""The steps of a livelihood project and of its vote: each allowed one writes its event, each refused one
says why and changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from deputies.models import Level
from liaison.core.errors import ActionRefused
from liaison.livelihood import rules
from liaison.livelihood.models import Ballot, Project, ProjectEvent, Vote
from liaison.livelihood.services import (
    project_edit,
    project_evaluate,
    project_report,
    project_supervisors_set,
    project_visit,
    project_withdraw,
    vote_create,
    vote_roll,
    vote_tally,
)
from liaison.livelihood.transitions import PROJECT_STEPS, project_actions
from suggestions.models import Suggestion
from tests.livelihood.factories import candidate, carried, completed, open_vote, voted
from tests.voters.factories import OpinionFactory

pytestmark = pytest.mark.django_db
Status = Project.Status
Event = ProjectEvent.Kind


def kinds(project):
    return list(project.events.values_list("kind", flat=True))


def test_a_candidate_from_opinions_links_them_and_one_from_the_government_names_its_body(
    staff_user, street, station, handling_unit
):
    opinions = [OpinionFactory(station=station), OpinionFactory(station=station)]
    project = candidate(staff_user, street, handling_unit, source=Project.Source.OPINIONS, opinions=opinions)
    assert set(project.opinions.all()) == set(opinions)
    assert project.proposed_by == ""
    assert project.status == Status.CANDIDATE
    assert kinds(project) == [Event.PROPOSED]
    with pytest.raises(ValidationError, match="群众意见"):
        candidate(staff_user, street, handling_unit, source=Project.Source.OPINIONS, opinions=[])
    with pytest.raises(ValidationError, match="政府部门"):
        candidate(staff_user, street, handling_unit, proposed_by=" ")


def test_only_staff_propose(officer_user, street, handling_unit):
    with pytest.raises(ActionRefused):
        candidate(officer_user, street, handling_unit)
    assert not Project.objects.exists()


def test_the_quorum_and_the_majority_are_of_all_the_deputies_of_the_level():
    assert rules.quorum_met(2, 3) and not rules.quorum_met(1, 2) and not rules.quorum_met(0, 0)
    assert rules.carries(51, 100) and not rules.carries(50, 100)


def test_a_vote_carries_by_more_than_half_of_all_the_deputies_not_of_those_present(
    staff_user, street, handling_unit, street_deputies
):
    wins = candidate(staff_user, street, handling_unit, title="社区老年食堂")
    loses = candidate(staff_user, street, handling_unit, title="口袋公园")
    # Two of the three present: the quorum. One for-vote is half of those present but not more than half of 3.
    vote = voted(staff_user, [wins, loses], street_deputies[:2], [(2, 0, 0), (1, 0, 1)])
    assert (vote.status, vote.deputies_total, vote.quorum_met) == (Vote.Status.CLOSED, 3, True)
    wins.refresh_from_db()
    loses.refresh_from_db()
    assert (wins.status, wins.ballot.outcome) == (Status.CARRIED, Ballot.Outcome.CARRIED)
    assert (loses.status, loses.ballot.outcome) == (Status.NOT_CARRIED, Ballot.Outcome.LOST)
    assert kinds(wins) == [Event.PROPOSED, Event.PUT_TO_VOTE, Event.CARRIED]
    assert kinds(loses)[-1] == Event.NOT_CARRIED


def test_a_vote_without_its_quorum_carries_nothing_and_says_why(
    staff_user, street, handling_unit, street_deputies
):
    project = candidate(staff_user, street, handling_unit)
    vote = voted(staff_user, [project], street_deputies[:1], [(1, 0, 0)])
    project.refresh_from_db()
    assert vote.quorum_met is False
    assert (project.status, project.ballot.outcome) == (Status.NOT_CARRIED, Ballot.Outcome.NO_QUORUM)
    assert project.events.last().kind == Event.NOT_CARRIED


def test_the_roll_refuses_a_deputy_of_another_street_by_name(
    staff_user, street, handling_unit, deputy_record, other_deputy_record
):
    vote = open_vote(staff_user, [candidate(staff_user, street, handling_unit)])
    with pytest.raises(ActionRefused, match=other_deputy_record.name):
        vote_roll(vote=vote, present=[deputy_record, other_deputy_record], actor=staff_user)
    vote.refresh_from_db()
    assert not vote.roll_recorded and not vote.present.exists()


def test_the_tally_waits_for_the_roll_and_refuses_more_votes_than_deputies_present(
    staff_user, street, handling_unit, street_deputies
):
    project = candidate(staff_user, street, handling_unit)
    vote = open_vote(staff_user, [project])
    ballot = vote.ballots.get()
    with pytest.raises(ActionRefused, match="请先登记出席代表"):
        vote_tally(vote=vote, tallies={ballot.pk: (1, 0, 0)}, actor=staff_user)
    vote_roll(vote=vote, present=street_deputies[:2], actor=staff_user)
    with pytest.raises(ActionRefused, match="多于出席代表 2 人"):
        vote_tally(vote=vote, tallies={ballot.pk: (2, 1, 0)}, actor=staff_user)
    vote.refresh_from_db()
    project.refresh_from_db()
    assert vote.status == Vote.Status.OPEN and project.status == Status.CANDIDATE
    vote_tally(vote=vote, tallies={ballot.pk: (2, 0, 0)}, actor=staff_user)
    with pytest.raises(ActionRefused):
        vote_roll(vote=vote, present=street_deputies, actor=staff_user)


def test_a_vote_takes_only_candidates_of_its_level_and_year(staff_user, street, other_street, handling_unit):
    here = candidate(staff_user, street, handling_unit)
    elsewhere = candidate(staff_user, other_street, handling_unit)
    with pytest.raises(ActionRefused, match=elsewhere.title):
        vote_create(
            jurisdiction=street,
            year=here.year,
            level=Level.COUNTY,
            name="票决会",
            held_on=timezone.localdate(),
            projects=[here, elsewhere],
            actor=staff_user,
        )
    with pytest.raises(ActionRefused):  # a street's vote is not the city deputies'
        open_vote(staff_user, [here], level=Level.CITY)
    assert not Vote.objects.exists()
    open_vote(staff_user, [here])
    with pytest.raises(ActionRefused):  # already on a vote
        open_vote(staff_user, [here])


def test_a_candidate_on_a_vote_is_neither_edited_nor_withdrawn(staff_user, street, handling_unit):
    project = candidate(staff_user, street, handling_unit)
    project_edit(project=project, actor=staff_user, budget=Decimal("99.00"), proposed_by="区住建局")
    project_withdraw(
        project=candidate(staff_user, street, handling_unit), actor=staff_user, reason="并入其他项目"
    )
    open_vote(staff_user, [project])
    with pytest.raises(ActionRefused, match="已提交票决"):
        project_edit(project=project, actor=staff_user, budget=Decimal("1.00"))
    with pytest.raises(ActionRefused, match="已提交票决"):
        project_withdraw(project=project, actor=staff_user, reason="x")
    project.refresh_from_db()
    assert project.budget == Decimal("99.00") and Event.EDITED in kinds(project)
    assert Project.objects.filter(status=Status.WITHDRAWN).count() == 1


def test_the_responsible_unit_reports_progress_and_its_completion_opens_the_evaluation(
    staff_user, street, handling_unit, deputy_record, unit_user_account, other_unit_user
):
    project = carried(staff_user, street, handling_unit, deputy_record)
    with pytest.raises(ActionRefused, match="责任单位"):
        project_report(project=project, actor=other_unit_user, text="x", percent=10)
    with pytest.raises(ActionRefused, match="百分之百"):
        project_report(project=project, actor=unit_user_account, text="x", percent=90, completed=True)
    project_report(project=project, actor=unit_user_account, text="开工", percent=20)
    project_report(project=project, actor=unit_user_account, text="完工", percent=100, completed=True)
    project.refresh_from_db()
    assert project.status == Status.COMPLETED
    assert project.reports.count() == 2
    assert kinds(project)[-2:] == [Event.REPORTED, Event.COMPLETED]


def test_supervising_deputies_visit_and_evaluate_and_the_last_evaluation_closes_the_project(
    staff_user, street, handling_unit, street_deputies, deputy_user, other_deputy_user
):
    project = candidate(staff_user, street, handling_unit)
    voted(staff_user, [project], street_deputies[:2], [(2, 0, 0)])
    project.refresh_from_db()
    project_supervisors_set(project=project, deputies=street_deputies[:2], actor=staff_user)
    today = timezone.localdate()
    project_visit(
        project=project, actor=deputy_user, deputy=street_deputies[0], visited_on=today, note="看现场"
    )
    with pytest.raises(ActionRefused):
        project_visit(
            project=project, actor=other_deputy_user, deputy=street_deputies[0], visited_on=today, note="x"
        )
    with pytest.raises(ActionRefused, match="本人的督查"):
        project_visit(
            project=project, actor=deputy_user, deputy=street_deputies[1], visited_on=today, note="x"
        )
    with pytest.raises(ActionRefused, match="不是本项目的督办代表"):
        project_visit(
            project=project, actor=staff_user, deputy=street_deputies[2], visited_on=today, note="x"
        )
    assert "evaluate" not in PROJECT_STEPS[project.status]
    project_report(project=project, actor=staff_user, text="完工", percent=100, completed=True)
    rating = Suggestion.Rating.SATISFIED
    project_evaluate(project=project, actor=deputy_user, deputy=street_deputies[0], rating=rating)
    project.refresh_from_db()
    assert project.status == Status.COMPLETED
    assert "evaluate" not in project_actions(project, deputy_user)  # given already
    with pytest.raises(ActionRefused):
        project_evaluate(project=project, actor=deputy_user, deputy=street_deputies[0], rating=rating)
    project_evaluate(
        project=project, actor=staff_user, deputy=street_deputies[1], rating=Suggestion.Rating.BASICALLY
    )
    project.refresh_from_db()
    assert project.status == Status.EVALUATED
    assert project.evaluations.count() == 2
    assert kinds(project).count(Event.EVALUATED) == 2


def test_a_completed_project_offers_its_supervising_deputy_the_evaluation(
    staff_user, street, handling_unit, deputy_record, deputy_user, unit_user_account
):
    project = completed(staff_user, street, handling_unit, deputy_record)
    assert project_actions(project, deputy_user) == {"visit", "evaluate"}
    assert project_actions(project, unit_user_account) == set()
