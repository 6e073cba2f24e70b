"""Every step of the loop, allowed and refused, per role and per state, against the tables of
suggestions/transitions.py (STYLE.md: each allowed move works and writes its event; each forbidden move
raises and changes nothing); and each step's button is on the page exactly when the service takes it."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.core.errors import ActionRefused
from suggestions import clock
from suggestions.models import Assignment, Suggestion
from suggestions.services.assignments import (
    assignment_accept,
    assignment_extension_ask,
    assignment_extension_decide,
    assignment_return,
    assignment_return_decide,
    suggestion_assign,
)
from suggestions.services.proposals import (
    suggestion_merge,
    suggestion_register,
    suggestion_reject,
    suggestion_save_draft,
    suggestion_submit,
)
from suggestions.services.replies import (
    assignment_give_view,
    contact_record,
    suggestion_evaluate,
    suggestion_follow_up_complete,
    suggestion_reply,
)
from suggestions.services.supervision import suggestion_mark_key, supervision_record
from suggestions.transitions import ASSIGNMENT_STEPS, SUGGESTION_STEPS, assignment_actions, suggestion_actions
from tests.suggestions.factories import lead_assignment

pytestmark = pytest.mark.django_db


ACTORS = [
    "deputy_user",
    "other_deputy_user",
    "officer_user",
    "other_officer_user",
    "staff_user",
    "unit_user_account",
    "second_unit_user",
]


# name: (the stage it starts from, the actors who may, the call, the status it leads to)
ACTIONS = {
    "submit": (
        "draft",
        {"deputy_user", "officer_user", "staff_user"},
        lambda s, actor: suggestion_submit(suggestion=s, actor=actor),
        Suggestion.Status.SUBMITTED,
    ),
    "register": (
        "submitted",
        {"staff_user"},
        lambda s, actor: suggestion_register(suggestion=s, actor=actor),
        Suggestion.Status.REGISTERED,
    ),
    "reject": (
        "submitted",
        {"staff_user"},
        lambda s, actor: suggestion_reject(suggestion=s, actor=actor, reason="属于信访事项"),
        Suggestion.Status.REJECTED,
    ),
    "assign": (
        "registered",
        {"staff_user"},
        lambda s, actor: suggestion_assign(
            suggestion=s,
            actor=actor,
            lead_unit=s.lead_deputy.user.__class__.objects.get(username="unit").handling_unit,
        ),
        Suggestion.Status.ASSIGNED,
    ),
    "accept": (
        "assigned",
        {"unit_user_account"},
        lambda s, actor: assignment_accept(assignment=lead_assignment(s), actor=actor),
        Suggestion.Status.ASSIGNED,
    ),
    "contact": (
        "accepted",
        {"unit_user_account"},
        lambda s, actor: contact_record(
            suggestion=s, actor=actor, method="phone", contacted_on=timezone.localdate(), note="电话"
        ),
        Suggestion.Status.ASSIGNED,
    ),
    "reply": (
        "contacted",
        {"unit_user_account"},
        lambda s, actor: suggestion_reply(suggestion=s, actor=actor, result_class="A", text="已解决"),
        Suggestion.Status.REPLIED,
    ),
    "evaluate": (
        "replied",
        {"deputy_user", "staff_user"},
        lambda s, actor: suggestion_evaluate(suggestion=s, actor=actor, rating="satisfied"),
        Suggestion.Status.CLOSED,
    ),
    "return": (
        "assigned",
        {"unit_user_account"},
        lambda s, actor: assignment_return(
            assignment=lead_assignment(s), actor=actor, reason="不属于本单位职责"
        ),
        Suggestion.Status.ASSIGNED,
    ),
    "extension": (
        "accepted",
        {"unit_user_account"},
        lambda s, actor: assignment_extension_ask(
            assignment=lead_assignment(s),
            actor=actor,
            until=clock.extension_limit(timezone.localdate()),
            reason="涉及多个部门",
        ),
        Suggestion.Status.ASSIGNED,
    ),
    "key": (
        "assigned",
        {"staff_user"},
        lambda s, actor: suggestion_mark_key(suggestion=s, actor=actor, is_key=True, leader="王副主任"),
        Suggestion.Status.ASSIGNED,
    ),
    "supervise": (
        "assigned",
        {"staff_user"},
        lambda s, actor: supervision_record(
            suggestion=s, actor=actor, kind="meeting", happened_on=timezone.localdate()
        ),
        Suggestion.Status.ASSIGNED,
    ),
}


def _offered(suggestion, actor, step):
    current = list(suggestion.assignments.filter(round=suggestion.round).exclude(status="withdrawn"))
    if step in {"accept", "return", "extension"}:
        lead = next(a for a in current if a.role == "lead")
        return step in assignment_actions(lead, actor)
    return step in suggestion_actions(suggestion, actor, current)


def _snapshot(suggestion):
    suggestion.refresh_from_db()
    return (
        suggestion.status,
        suggestion.round,
        suggestion.events.count(),
        list(suggestion.assignments.values_list("status", flat=True)),
    )


@pytest.mark.parametrize("actor_name", ACTORS)
@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_step_per_role(
    request, loop, second_unit_user, officer_user, other_officer_user, other_deputy_user, action, actor_name
):
    stage, allowed, call, to_status = ACTIONS[action]
    suggestion = loop.to(stage)
    actor = request.getfixturevalue(actor_name)
    before = _snapshot(suggestion)
    assert _offered(suggestion, actor, action) == (actor_name in allowed)
    if actor_name in allowed:
        call(suggestion, actor)
        suggestion.refresh_from_db()
        assert suggestion.status == to_status
        event = suggestion.events.order_by("-at", "-pk").first()
        assert event.actor == actor
        assert suggestion.events.count() > before[2]
    else:
        with pytest.raises(ActionRefused):
            call(suggestion, actor)
        assert _snapshot(suggestion) == before


# --- The tables: a step is offered on the page exactly when the service takes it ---------------------------

HANDLING_STAGES = {"assigned", "accepted", "contacted", "return_asked", "extension_asked"}
TABLE_STAGES = [
    "draft",
    "submitted",
    "rejected",
    "registered",
    *sorted(HANDLING_STAGES),
    "replied",
    "follow_up",
    "closed",
]


def _build(loop, stage, co_unit):
    """A suggestion at `stage` (with `co_unit` as co-unit once assigned), including the stages the factory
    does not name: turned down, a return asked, an extension asked, open for a class-B follow-up."""
    if stage == "rejected":
        suggestion = loop.to("submitted")
        suggestion_reject(suggestion=suggestion, actor=loop.staff, reason="属于信访事项")
    elif stage == "return_asked":
        suggestion = loop.to("assigned", co_units=[co_unit])
        assignment_return(assignment=lead_assignment(suggestion), actor=loop.unit_user, reason="不属于本单位")
    elif stage == "extension_asked":
        suggestion = loop.to("accepted", co_units=[co_unit])
        assignment_extension_ask(
            assignment=lead_assignment(suggestion),
            actor=loop.unit_user,
            until=clock.extension_limit(timezone.localdate()),
            reason="涉及多个部门",
        )
    elif stage == "follow_up":
        suggestion = loop.to("closed", co_units=[co_unit], result_class="B")
    else:
        suggestion = loop.to(stage, co_units=[co_unit])
    suggestion.refresh_from_db()
    return suggestion


def _another_registered(loop):
    other = loop.to("registered", title="关于增设桂花社区公交站点的建议（二）")
    return [other]


def _as_in(action):
    call = ACTIONS[action][2]
    return lambda s, actor, loop: call(s, actor)


# step: (who tries it, the object whose page row carries the button, the call; None for a page only)
STEPS = {
    "edit": (
        "deputy_user",
        "suggestion",
        lambda s, actor, loop: suggestion_save_draft(
            actor=actor,
            suggestion=s,
            lead_deputy=s.lead_deputy,
            title="新标题",
            content="内容",
            category="urban",
        ),
    ),
    "submit": ("deputy_user", "suggestion", _as_in("submit")),
    "register": ("staff_user", "suggestion", _as_in("register")),
    "reject": ("staff_user", "suggestion", _as_in("reject")),
    "merge": (
        "staff_user",
        "suggestion",
        lambda s, actor, loop: suggestion_merge(main=s, others=_another_registered(loop), actor=actor),
    ),
    "assign": ("staff_user", "suggestion", _as_in("assign")),
    "contact": ("unit_user_account", "suggestion", _as_in("contact")),
    "reply": ("unit_user_account", "suggestion", _as_in("reply")),
    "letter": ("staff_user", "suggestion", None),
    "evaluate": ("deputy_user", "suggestion", _as_in("evaluate")),
    "follow_up": (
        "unit_user_account",
        "suggestion",
        lambda s, actor, loop: suggestion_follow_up_complete(suggestion=s, actor=actor, note="已建成"),
    ),
    "key": ("staff_user", "suggestion", _as_in("key")),
    "supervise": ("staff_user", "suggestion", _as_in("supervise")),
    "accept": ("unit_user_account", "lead", _as_in("accept")),
    "return": ("unit_user_account", "lead", _as_in("return")),
    "extension": ("unit_user_account", "lead", _as_in("extension")),
    "view": (
        "second_unit_user",
        "co",
        lambda s, actor, loop: assignment_give_view(
            assignment=s.assignments.get(round=s.round, role="co"), actor=actor, view="同意"
        ),
    ),
    "return_decide": (
        "staff_user",
        "lead",
        lambda s, actor, loop: assignment_return_decide(
            assignment=lead_assignment(s), actor=actor, approve=False
        ),
    ),
    "extension_decide": (
        "staff_user",
        "lead",
        lambda s, actor, loop: assignment_extension_decide(
            assignment=lead_assignment(s), actor=actor, approve=True
        ),
    ),
}

# Where each step is open, written out here rather than read from the tables, so that a change of a table
# shows up as a failing row.
SUPERVISED = {"submitted", "registered", *HANDLING_STAGES, "replied", "follow_up"}
OPEN_AT = {
    "edit": {"draft"},
    "submit": {"draft"},
    "register": {"submitted"},
    "reject": {"submitted"},
    "merge": {"registered"},
    "assign": {"registered"},
    "contact": {"accepted", "contacted", "extension_asked"},
    "reply": {"contacted"},
    "letter": HANDLING_STAGES,
    "evaluate": {"replied"},
    "follow_up": {"follow_up"},
    "key": SUPERVISED,
    "supervise": SUPERVISED,
    "accept": {"assigned"},
    "return": {"assigned", "accepted", "contacted", "extension_asked"},
    "extension": {"assigned", "accepted", "contacted"},
    "view": HANDLING_STAGES,
    "return_decide": {"return_asked"},
    "extension_decide": {"extension_asked"},
}


def _step_url(step, suggestion, on):
    if on == "suggestion":
        return reverse(f"suggestions:{step}", args=[suggestion.pk])
    assignment = suggestion.assignments.filter(round=suggestion.round, role=on).first()
    return reverse(f"suggestions:{step}", args=[assignment.pk]) if assignment else None


def test_every_step_of_the_tables_has_a_row_here():
    assert set(STEPS) == set().union(*SUGGESTION_STEPS.values(), *ASSIGNMENT_STEPS.values())
    assert set(SUGGESTION_STEPS) == set(Suggestion.Status)
    assert set(ASSIGNMENT_STEPS) == set(Assignment.Status)


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("stage", TABLE_STAGES)
def test_a_step_is_offered_exactly_when_the_service_takes_it(request, loop, second_unit, stage, step):
    actor_name, on, call = STEPS[step]
    actor = request.getfixturevalue(actor_name)
    suggestion = _build(loop, stage, second_unit)
    open_here = stage in OPEN_AT[step]

    client = Client()
    client.force_login(actor)
    page = client.get(suggestion.get_absolute_url())
    url = _step_url(step, suggestion, on)
    shown = page.status_code == 200 and url is not None and f'href="{url}' in page.content.decode()
    assert shown == open_here, f"button {step} at {stage}"

    before = _snapshot(suggestion)
    if call is None:
        status = client.get(url).status_code
        assert status == 200 if open_here else status in {302, 404}  # 404: a draft is not staff's yet
    elif open_here:
        call(suggestion, actor, loop)
        assert _snapshot(suggestion) != before
    else:
        with pytest.raises((ActionRefused, Assignment.DoesNotExist)):
            call(suggestion, actor, loop)
        assert _snapshot(suggestion) == before
