"""Livelihood projects at any step, built through the services (so that every event is there)."""

from decimal import Decimal

from django.utils import timezone

from deputies.models import Level
from liaison.livelihood.models import Project
from liaison.livelihood.services import (
    project_propose,
    project_report,
    project_supervisors_set,
    vote_create,
    vote_roll,
    vote_tally,
)


def candidate(staff, jurisdiction, unit, *, year=None, title="老旧小区加装电梯", **fields):
    values = {
        "description": "为桂花社区6栋老旧住宅加装电梯，解决老人上下楼难。",
        "budget": Decimal("120.00"),
        "source": Project.Source.GOVERNMENT,
        "proposed_by": "东湖街道办事处",
        **fields,
    }
    return project_propose(
        jurisdiction=jurisdiction,
        year=year or timezone.localdate().year,
        title=title,
        unit=unit,
        actor=staff,
        **values,
    )


def open_vote(staff, projects, *, level=Level.COUNTY, held_on=None):
    first = projects[0]
    return vote_create(
        jurisdiction=first.jurisdiction,
        year=first.year,
        level=level,
        name=f"{first.jurisdiction}{first.year}年民生实事项目票决会",
        held_on=held_on or timezone.localdate(),
        projects=projects,
        actor=staff,
    )


def voted(staff, projects, present, tallies):
    """A vote with its roll (`present`) and its tally (one (for, against, abstain) per project)."""
    vote = open_vote(staff, projects)
    vote_roll(vote=vote, present=present, actor=staff)
    ballots = {ballot.project_id: ballot.pk for ballot in vote.ballots.all()}
    vote_tally(
        vote=vote,
        tallies={ballots[project.pk]: tally for project, tally in zip(projects, tallies, strict=True)},
        actor=staff,
    )
    vote.refresh_from_db()
    return vote


def carried(staff, jurisdiction, unit, deputy, *, supervised=True, **fields):
    """A project carried by `deputy`'s vote (the only deputy of the level there), supervised by them."""
    project = candidate(staff, jurisdiction, unit, **fields)
    voted(staff, [project], [deputy], [(1, 0, 0)])
    project.refresh_from_db()
    if supervised:
        project_supervisors_set(project=project, deputies=[deputy], actor=staff)
    return project


def completed(staff, jurisdiction, unit, deputy, **fields):
    project = carried(staff, jurisdiction, unit, deputy, **fields)
    project_report(project=project, actor=staff, text="电梯已安装并通过验收。", percent=100, completed=True)
    project.refresh_from_db()
    return project
