"""Every change of a livelihood project or a vote, one function each: the row locked, the step checked
against the one table (liaison.livelihood.transitions), the change saved with its timeline event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.livelihood import rules
from liaison.livelihood.models import (
    Ballot,
    ProgressReport,
    Project,
    ProjectEvaluation,
    ProjectEvent,
    SupervisionVisit,
    Vote,
)
from liaison.livelihood.selectors import level_deputies
from liaison.livelihood.transitions import (
    PROJECT_STEPS,
    VOTE_STEPS,
    evaluators_left,
    project_refusal,
    vote_refusal,
)

Status = Project.Status
Event = ProjectEvent.Kind


def _lock(project, step, actor):
    project = Project.objects.select_for_update(of=("self",)).get(pk=project.pk)
    if step not in PROJECT_STEPS[project.status]:
        raise ActionRefused(_("This step is not open now."))
    if reason := project_refusal(project, actor, step):
        raise ActionRefused(reason)
    return project


def _lock_vote(vote, step, actor):
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    if step not in VOTE_STEPS[vote.status]:
        raise ActionRefused(_("This step is not open now."))
    if reason := vote_refusal(vote, actor, step):
        raise ActionRefused(reason)
    return vote


def _event(project, kind, actor, note=""):
    return ProjectEvent.objects.create(project=project, kind=kind, actor=actor, note=note)


def _check_source(source, proposed_by, opinions):
    """A value to correct on the form, not a refused step."""
    if source == Project.Source.OPINIONS and not opinions:
        raise ValidationError(_("Link the voters' opinions the project comes from."))
    if source == Project.Source.GOVERNMENT and not proposed_by.strip():
        raise ValidationError(_("Name the body of the government that proposes it."))


@transaction.atomic
def project_propose(
    *, jurisdiction, year, title, description, budget, unit, actor, source, proposed_by="", opinions=()
):
    """群众点单: a candidate from the voters' opinions, or one the government proposes."""
    if not actor.is_committee_staff:
        raise ActionRefused(_("Only committee staff may do this."))
    _check_source(source, proposed_by, opinions)
    project = Project.objects.create(
        jurisdiction=jurisdiction,
        year=year,
        title=title,
        description=description,
        budget=budget,
        unit=unit,
        source=source,
        proposed_by=proposed_by if source == Project.Source.GOVERNMENT else "",
        created_by=actor,
    )
    project.opinions.set(opinions if source == Project.Source.OPINIONS else [])
    _event(project, Event.PROPOSED, actor, project.proposed_by)
    return project


@transaction.atomic
def project_edit(*, project, actor, opinions=(), **fields):
    project = _lock(project, "edit", actor)
    _check_source(
        fields.get("source", project.source), fields.get("proposed_by", project.proposed_by), opinions
    )
    for name, value in fields.items():
        setattr(project, name, value)
    if project.source == Project.Source.OPINIONS:
        project.proposed_by = ""
    project.save()
    project.opinions.set(opinions if project.source == Project.Source.OPINIONS else [])
    _event(project, Event.EDITED, actor)
    return project


@transaction.atomic
def project_withdraw(*, project, actor, reason):
    project = _lock(project, "withdraw", actor)
    if not reason.strip():
        raise ActionRefused(_("Say why the candidate is withdrawn."))
    project.status = Status.WITHDRAWN
    project.save(update_fields=["status", "updated_at"])
    _event(project, Event.WITHDRAWN, actor, reason)
    return project


@transaction.atomic
def vote_create(*, jurisdiction, year, level, name, held_on, projects, actor):
    """代表定单: the meeting and the candidates put to it."""
    if not actor.is_committee_staff:
        raise ActionRefused(_("Only committee staff may do this."))
    if level not in rules.VOTING_LEVELS.get(jurisdiction.level, ()):
        raise ActionRefused(_("The deputies of that level do not vote at this level's meeting."))
    projects = list(
        Project.objects.select_for_update().filter(pk__in=[p.pk for p in projects]).order_by("pk")
    )
    if not projects:
        raise ActionRefused(_("Choose the candidates put to the vote."))
    for project in projects:
        stray = project.jurisdiction_id != jurisdiction.pk or project.year != year
        if stray or project.status != Status.CANDIDATE or Ballot.objects.filter(project=project).exists():
            raise ActionRefused(
                _("%(title)s is not a candidate of this level and year still to be voted on.")
                % {"title": project.title}
            )
    vote = Vote.objects.create(
        jurisdiction=jurisdiction, year=year, level=level, name=name, held_on=held_on, recorded_by=actor
    )
    for project in projects:
        Ballot.objects.create(vote=vote, project=project)
        _event(project, Event.PUT_TO_VOTE, actor, f"{vote.name} {held_on}")
    return vote


@transaction.atomic
def vote_roll(*, vote, present, actor):
    """The roll: who of the level's deputies came. A deputy not of the level is refused by name."""
    vote = _lock_vote(vote, "roll", actor)
    voters = level_deputies(vote.jurisdiction, vote.level, vote.held_on)
    eligible = set(voters.values_list("pk", flat=True))
    strangers = [deputy.name for deputy in present if deputy.pk not in eligible]
    if strangers:
        raise ActionRefused(
            _("Not a deputy of this level here on that day: %(names)s.") % {"names": "、".join(strangers)}
        )
    vote.present.set(present)
    vote.deputies_total = len(eligible)
    vote.roll_recorded = True
    vote.save(update_fields=["deputies_total", "roll_recorded"])
    return vote


@transaction.atomic
def vote_tally(*, vote, tallies, actor):
    """The tally, which closes the vote: `tallies` maps each ballot's pk to (for, against, abstain). Without
    the quorum every candidate is not carried, for that reason, whatever the tally."""
    vote = _lock_vote(vote, "tally", actor)
    present = vote.present.count()
    total = vote.deputies_total
    quorum = rules.quorum_met(present, total)
    ballots = list(vote.ballots.select_related("project").select_for_update(of=("self",)))
    for ballot in ballots:
        votes_for, against, abstain = tallies.get(ballot.pk, (0, 0, 0))
        if votes_for + against + abstain > present:
            raise ActionRefused(
                _("%(title)s: %(cast)s votes cast, more than the %(present)s deputies present.")
                % {"title": ballot.project.title, "cast": votes_for + against + abstain, "present": present}
            )
        ballot.votes_for, ballot.votes_against, ballot.votes_abstain = votes_for, against, abstain
        if not quorum:
            ballot.outcome = Ballot.Outcome.NO_QUORUM
        elif rules.carries(votes_for, total):
            ballot.outcome = Ballot.Outcome.CARRIED
        else:
            ballot.outcome = Ballot.Outcome.LOST
        ballot.save()
        project = ballot.project
        carried = ballot.outcome == Ballot.Outcome.CARRIED
        project.status = Status.CARRIED if carried else Status.NOT_CARRIED
        project.save(update_fields=["status", "updated_at"])
        # The project's page tells the result and the figures from the ballot, in the reader's language.
        _event(project, Event.CARRIED if carried else Event.NOT_CARRIED, actor)
    vote.quorum_met = quorum
    vote.status = Vote.Status.CLOSED
    vote.save(update_fields=["quorum_met", "status"])
    return vote


@transaction.atomic
def project_supervisors_set(*, project, deputies, actor):
    """人大督单: the deputies who follow the carried project and evaluate it at year end."""
    project = _lock(project, "supervisors", actor)
    if not deputies:
        raise ActionRefused(_("Name at least one supervising deputy."))
    project.supervisors.set(deputies)
    _event(project, Event.SUPERVISORS_SET, actor, "、".join(deputy.name for deputy in deputies))
    return project


@transaction.atomic
def project_report(*, project, actor, text, percent, completed=False, reported_on=None):
    """政府接单: the responsible unit's progress; a report of completion opens the evaluation."""
    project = _lock(project, "report", actor)
    if completed and percent != 100:
        raise ActionRefused(_("Report a completed project as 100 percent done."))
    report = ProgressReport.objects.create(
        project=project,
        unit=project.unit,
        reported_on=reported_on or timezone.localdate(),
        text=text,
        percent=percent,
        completed=completed,
        author=actor,
    )
    if completed:
        project.status = Status.COMPLETED
        project.save(update_fields=["status", "updated_at"])
    _event(project, Event.COMPLETED if completed else Event.REPORTED, actor, f"{percent}% {text}")
    return report


@transaction.atomic
def project_visit(*, project, actor, deputy, visited_on, note):
    project = _lock(project, "visit", actor)
    if not project.supervisors.filter(pk=deputy.pk).exists():
        raise ActionRefused(_("%(name)s does not supervise this project.") % {"name": deputy.name})
    if actor.is_deputy and deputy.user_id != actor.pk:
        raise ActionRefused(_("A deputy records their own visits."))
    visit = SupervisionVisit.objects.create(
        project=project, deputy=deputy, visited_on=visited_on, note=note, recorded_by=actor
    )
    _event(project, Event.VISITED, actor, f"{deputy.name} {visited_on} {note}")
    return visit


@transaction.atomic
def project_evaluate(*, project, actor, deputy, rating, note=""):
    """A supervising deputy's evaluation; the last one evaluates the project."""
    project = _lock(project, "evaluate", actor)
    if actor.is_deputy and deputy.user_id != actor.pk:
        raise ActionRefused(_("A deputy gives their own evaluation."))
    if not evaluators_left(project).filter(pk=deputy.pk).exists():
        raise ActionRefused(
            _("%(name)s does not supervise this project or has evaluated it already.") % {"name": deputy.name}
        )
    evaluation = ProjectEvaluation.objects.create(
        project=project, deputy=deputy, rating=rating, note=note, recorded_by=actor
    )
    if not evaluators_left(project).exists():
        project.status = Status.EVALUATED
        project.save(update_fields=["status", "updated_at"])
    _event(
        project, Event.EVALUATED, actor, f"{deputy.name}: {evaluation.get_rating_display()} {note}".strip()
    )
    return evaluation
