"""What can be done with a livelihood project and with a vote: one table each, read by the services (which
refuse a step with the reason given here) and by the pages (which show a button when the step would be
taken)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import ONLY_COMMITTEE_STAFF
from liaison.livelihood.models import Project, Vote

Status = Project.Status

# The steps each state of a project opens; the arrow is where the step leads.
PROJECT_STEPS = {
    # withdraw → WITHDRAWN; the vote's tally → CARRIED or NOT_CARRIED
    Status.CANDIDATE: {"edit", "withdraw"},
    Status.CARRIED: {"supervisors", "report", "visit"},  # a report of completion → COMPLETED
    Status.COMPLETED: {"visit", "evaluate"},  # every supervising deputy's evaluation → EVALUATED
    Status.EVALUATED: set(),
    Status.NOT_CARRIED: set(),
    Status.WITHDRAWN: set(),
}
# The roll first, then the tally, which closes the vote and decides each candidate.
VOTE_STEPS = {Vote.Status.OPEN: {"roll", "tally"}, Vote.Status.CLOSED: set()}

STEP_LABELS = {
    "edit": gettext_lazy("Edit"),
    "withdraw": gettext_lazy("Withdraw"),
    "supervisors": gettext_lazy("Name the supervising deputies"),
    "report": gettext_lazy("Report progress"),
    "visit": gettext_lazy("Record a supervision visit"),
    "evaluate": gettext_lazy("Evaluate"),
    "roll": gettext_lazy("Record the roll"),
    "tally": gettext_lazy("Record the tally"),
}


def own_deputy(user):
    return getattr(user, "deputy", None) if user.is_deputy else None


def evaluators_left(project):
    """The supervising deputies who have not evaluated the project yet."""
    done = project.evaluations.values("deputy")
    return project.supervisors.exclude(pk__in=done)


def project_refusal(project, user, step):
    """Why `user` may not take `step`, a step the table opens in the project's state; None when they may."""
    if step in {"edit", "withdraw", "supervisors"}:
        if not user.is_committee_staff:
            return ONLY_COMMITTEE_STAFF
        if step != "supervisors" and hasattr(project, "ballot"):
            return _("The project is on a vote: its candidates stay as they were put to the deputies.")
    elif step == "report":
        if not (user.is_committee_staff or (user.is_unit_user and user.handling_unit_id == project.unit_id)):
            return _("Only the responsible unit, or committee staff for it, may report progress.")
    elif step in {"visit", "evaluate"}:
        deputy = own_deputy(user)
        supervises = deputy is not None and project.supervisors.filter(pk=deputy.pk).exists()
        if not (user.is_committee_staff or supervises):
            return _("Only a supervising deputy, or committee staff on a deputy's word, may do this.")
        if step == "evaluate":
            left = evaluators_left(project)
            if deputy is not None and not user.is_committee_staff:
                left = left.filter(pk=deputy.pk)
            if not left.exists():
                return _("Every supervising deputy concerned has evaluated this project.")
    return None


def project_actions(project, user):
    """The steps `user` may take with `project` now (the buttons of its page)."""
    return {step for step in PROJECT_STEPS[project.status] if project_refusal(project, user, step) is None}


def vote_refusal(vote, user, step):
    if not user.is_committee_staff:
        return ONLY_COMMITTEE_STAFF
    if step == "tally" and not vote.roll_recorded:
        return _("Record the roll of the deputies present first.")
    return None


def vote_actions(vote, user):
    return {step for step in VOTE_STEPS[vote.status] if vote_refusal(vote, user, step) is None}
