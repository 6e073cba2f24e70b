"""The opinion's table (voters/transitions.py): in every state, a step is offered on the opinion's page, its
form opens and the service takes it exactly when the state (and the route) opens it; otherwise none of them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import ActionRefused
from suggestions.services.proposals import suggestion_from_opinions
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory
from tests.voters.factories import OpinionFactory
from tests.voters.test_uploads import png_bytes
from voters.models import MediationOutcome, Opinion, RefusalReason, Route, Satisfaction
from voters.services.steps import (
    attachment_add,
    opinion_close,
    opinion_merge,
    opinion_record_mediation,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
)
from voters.transitions import OPINION_STEPS

pytestmark = pytest.mark.django_db


def _triaged(o, u, route=Route.STATION, **fields):
    return opinion_triage(opinion=o, route=route, actor=u, **fields)


def _mediation(o, u):
    mediator = DeputyFactory(name="林秀英")
    StationingFactory(deputy=mediator, station=o.station)
    return _triaged(o, u, Route.MEDIATION, mediators=[mediator])


def _mediate(o, u):
    return opinion_record_mediation(
        opinion=o,
        actor=u,
        outcome=MediationOutcome.SETTLED,
        result="双方达成协议",
        mediated_on=timezone.localdate(),
        reply="经调解已解决。",
    )


def _answered(o, u):
    opinion_resolve(opinion=opinion_start(opinion=_triaged(o, u), actor=u), actor=u, reply="路灯已修复。")
    opinion_record_return_visit(opinion=o, actor=u, method="phone", satisfaction=Satisfaction.SATISFIED)
    return o


# stage: how an opinion gets there from received (o: the opinion, u: the officer, twin: a similar opinion)
STAGES = {
    "received": lambda o, u, twin: o,
    "triaged": lambda o, u, twin: _triaged(o, u),
    "not_accepted": lambda o, u, twin: _triaged(
        o,
        u,
        Route.NOT_ACCEPTED,
        refusal_reason=RefusalReason.IN_COURT,
        reply="已进入诉讼程序，请向法院了解。",
    ),
    "in_progress": lambda o, u, twin: opinion_start(opinion=_triaged(o, u), actor=u),
    "resolved": lambda o, u, twin: opinion_resolve(
        opinion=opinion_start(opinion=_triaged(o, u), actor=u), actor=u, reply="路灯已修复。"
    ),
    "answered": lambda o, u, twin: _answered(o, u),
    "on_the_spot": lambda o, u, twin: _triaged(o, u, Route.ON_THE_SPOT, reply="当场解答。"),
    "mediation": lambda o, u, twin: _mediation(o, u),
    "mediated": lambda o, u, twin: _mediate(_mediation(o, u), u),
    "closed": lambda o, u, twin: opinion_close(opinion=_answered(o, u), actor=u),
    "withdrawn": lambda o, u, twin: opinion_withdraw(opinion=o, actor=u, reason="重复录入"),
    "merged": lambda o, u, twin: opinion_merge(duplicate=o, into=twin, actor=u) and o,
}

# step: (its page, the service call)
STEPS = {
    "triage": ("voters:triage", lambda o, u, twin, deputy: _triaged(o, u, Route.STREET_OFFICE)),
    "gather": (
        "suggestions:from_opinions",
        lambda o, u, twin, deputy: suggestion_from_opinions(opinions=[o], actor=u, lead_deputy=deputy),
    ),
    "start": ("voters:start", lambda o, u, twin, deputy: opinion_start(opinion=o, actor=u)),
    "resolve": (
        "voters:resolve",
        lambda o, u, twin, deputy: opinion_resolve(opinion=o, actor=u, reply="已修复"),
    ),
    "mediate": ("voters:mediate", lambda o, u, twin, deputy: _mediate(o, u)),
    "return_visit": (
        "voters:return_visit",
        lambda o, u, twin, deputy: opinion_record_return_visit(
            opinion=o, actor=u, method="phone", satisfaction=Satisfaction.SATISFIED
        ),
    ),
    "close": ("voters:close", lambda o, u, twin, deputy: opinion_close(opinion=o, actor=u)),
    "withdraw": (
        "voters:withdraw",
        lambda o, u, twin, deputy: opinion_withdraw(opinion=o, actor=u, reason="录错"),
    ),
    "merge": ("voters:merge", lambda o, u, twin, deputy: opinion_merge(duplicate=o, into=twin, actor=u)),
    "attach": (
        "voters:attachment_add",
        lambda o, u, twin, deputy: attachment_add(
            opinion=o, upload=SimpleUploadedFile("现场.png", png_bytes(), content_type="image/png"), actor=u
        ),
    ),
}

# Where each step is open, written out here rather than read from the table.
UNTIL_FINISHED = {
    "received",
    "triaged",
    "not_accepted",
    "in_progress",
    "resolved",
    "answered",
    "on_the_spot",
    "mediation",
    "mediated",
}
OPEN_AT = {
    "triage": {"received", "triaged", "not_accepted", "in_progress", "mediation"},
    "gather": {"received", "triaged", "not_accepted", "in_progress", "mediation"},
    "start": {"triaged", "mediation"},
    "resolve": {"triaged", "in_progress"},  # never for a mediation: its outcome resolves it
    "mediate": {"mediation"},
    "return_visit": {"not_accepted", "resolved", "answered", "on_the_spot", "mediated"},
    "close": {"answered", "on_the_spot"},
    "withdraw": UNTIL_FINISHED,
    "merge": UNTIL_FINISHED,
    "attach": UNTIL_FINISHED,
}


def _snapshot(opinion):
    opinion.refresh_from_db()
    return opinion.status, opinion.route, opinion.events.count(), opinion.attachments.count()


def test_every_step_and_state_of_the_table_has_a_row_here():
    assert set(STEPS) == set().union(*OPINION_STEPS.values())
    assert set(OPINION_STEPS) == set(Opinion.Status)
    reached = {"received", "triaged", "in_progress", "resolved", "answered", "closed", "withdrawn", "merged"}
    assert {status.value for status in Opinion.Status} == reached <= set(STAGES)


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("stage", sorted(STAGES))
def test_a_step_is_offered_exactly_when_the_service_takes_it(
    officer, station, officer_user, deputy_record, stage, step
):
    opinion = OpinionFactory(station=station, deputy=deputy_record)
    twin = OpinionFactory(station=station)  # similar enough to be offered for merging and gathering
    STAGES[stage](opinion, officer_user, twin)
    opinion.refresh_from_db()
    name, call = STEPS[step]
    url = reverse(name, args=[opinion.pk])
    allowed = stage in OPEN_AT[step]

    page = officer.get(opinion.get_absolute_url()).content.decode()
    assert (f'href="{url}' in page) == allowed, f"button {step} at {stage}"
    form = officer.get(url)
    assert form.status_code == (200 if allowed else 302)

    before = _snapshot(opinion)
    if allowed:
        call(opinion, officer_user, twin, deputy_record)
        assert _snapshot(opinion) != before
    else:
        with pytest.raises(ActionRefused):
            call(opinion, officer_user, twin, deputy_record)
        assert _snapshot(opinion) == before


def test_a_step_not_open_is_refused_with_what_the_opinion_is_now(officer, station, officer_user):
    opinion = OpinionFactory(station=station)
    opinion_withdraw(opinion=opinion, actor=officer_user, reason="重复录入")
    response = officer.get(reverse("voters:triage", args=[opinion.pk]), follow=True)
    [message] = list(response.context["messages"])
    assert message.level_tag == "error"
    assert str(Opinion.Status.WITHDRAWN.label) in message.message
