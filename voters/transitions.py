"""What can be done with an opinion in each state: one table (seed 004: 受理、分办、办理、反馈、办结).

The services refuse a step the table does not open (`opinion_check`); the opinion's page offers the steps
`opinion_actions` returns. Beyond the state only the route decides: an opinion not accepted, or answered on
the spot, is not handled any further, and one not accepted goes straight to the return visit that tells the
voter where to take the matter. Who may take a step is the selectors' scope (the officer's stations)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from liaison.core.errors import ActionRefused
from voters.models import Opinion, Route

Status = Opinion.Status

UNTIL_FINISHED = {"withdraw", "merge", "attach"}  # until it is closed, withdrawn or merged
ROUTING = {"triage", "gather"}  # gather: triaged together with others into one joint suggestion

# The steps each state of an opinion opens; the arrow is where the step leads.
OPINION_STEPS = {
    Status.RECEIVED: {*ROUTING, *UNTIL_FINISHED},  # triage → TRIAGED (ANSWERED when answered on the spot)
    # start → IN_PROGRESS; resolve and mediate (the mediation's outcome) → RESOLVED
    Status.TRIAGED: {*ROUTING, "start", "resolve", "mediate", "return_visit", *UNTIL_FINISHED},
    Status.IN_PROGRESS: {*ROUTING, "resolve", "mediate", *UNTIL_FINISHED},
    Status.RESOLVED: {"return_visit", *UNTIL_FINISHED},  # return_visit → ANSWERED
    Status.ANSWERED: {"return_visit", "close", *UNTIL_FINISHED},  # close → CLOSED
    Status.CLOSED: set(),
    Status.WITHDRAWN: set(),  # withdraw → WITHDRAWN, from any open state
    Status.MERGED: set(),  # merge → MERGED, into another opinion
}
NOT_HANDLED = {Route.NOT_ACCEPTED, Route.ON_THE_SPOT}

# How a refusal names the step: "An opinion that is “Closed” cannot be triaged."
STEP_WORDS = {
    "triage": gettext_lazy("triaged"),
    "gather": gettext_lazy("triaged"),
    "start": gettext_lazy("started"),
    "resolve": gettext_lazy("resolved"),
    "mediate": gettext_lazy("given a mediation outcome"),
    "return_visit": gettext_lazy("answered to the voter"),
    "close": pgettext_lazy("opinion", "closed"),
    "withdraw": gettext_lazy("withdrawn"),
    "merge": gettext_lazy("merged"),
    "attach": gettext_lazy("given more files"),
}


def _route_allows(opinion, step):
    if step == "mediate":
        return opinion.route == Route.MEDIATION
    if step == "resolve" and opinion.route == Route.MEDIATION:
        return False
    if step in {"start", "resolve"}:
        return opinion.route not in NOT_HANDLED
    if step == "return_visit" and opinion.status == Status.TRIAGED:
        return opinion.route == Route.NOT_ACCEPTED
    return True


def opinion_actions(opinion):
    """The steps open now for `opinion` (the buttons of its page, for those who manage it)."""
    return {step for step in OPINION_STEPS[opinion.status] if _route_allows(opinion, step)}


def opinion_refusal(opinion, step):
    """The refusal of `step` for `opinion` as it is now."""
    return ActionRefused(
        _("An opinion that is “%(status)s” cannot be %(wanted)s.")
        % {"status": opinion.get_status_display(), "wanted": STEP_WORDS[step]},
    )


def opinion_check(opinion, step):
    """Raise the refusal unless the opinion's state and route open `step`."""
    if step not in opinion_actions(opinion):
        raise opinion_refusal(opinion, step)
