"""Every step of the loop, allowed and refused, per role and per state (STYLE.md: each allowed move works and
writes its event; each forbidden move raises and changes nothing)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from liaison.core.errors import ActionRefused
from suggestions import clock
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.services.assignments import (
    assignment_accept,
    assignment_extension_ask,
    assignment_extension_decide,
    assignment_return,
    assignment_return_decide,
    suggestion_assign,
)
from suggestions.services.proposals import (
    suggestion_from_opinions,
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


def _lead(suggestion):
    return suggestion.assignments.get(round=suggestion.round, role="lead")


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
        lambda s, actor: assignment_accept(assignment=_lead(s), actor=actor),
        Suggestion.Status.ASSIGNED,
    ),
    "contact": (
        "accepted",
        {"unit_user_account"},
        lambda s, actor: contact_record(
            suggestion=s, actor=actor, method="phone", contacted_on=clock.today(), note="电话"
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
        lambda s, actor: assignment_return(assignment=_lead(s), actor=actor, reason="不属于本单位职责"),
        Suggestion.Status.ASSIGNED,
    ),
    "extension": (
        "accepted",
        {"unit_user_account"},
        lambda s, actor: assignment_extension_ask(
            assignment=_lead(s),
            actor=actor,
            until=clock.extension_limit(clock.today()),
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
            suggestion=s, actor=actor, kind="meeting", happened_on=clock.today()
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
        assignment_return(assignment=_lead(suggestion), actor=loop.unit_user, reason="不属于本单位")
    elif stage == "extension_asked":
        suggestion = loop.to("accepted", co_units=[co_unit])
        assignment_extension_ask(
            assignment=_lead(suggestion),
            actor=loop.unit_user,
            until=clock.extension_limit(clock.today()),
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
        lambda s, actor, loop: assignment_return_decide(assignment=_lead(s), actor=actor, approve=False),
    ),
    "extension_decide": (
        "staff_user",
        "lead",
        lambda s, actor, loop: assignment_extension_decide(assignment=_lead(s), actor=actor, approve=True),
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
# The one rule the buttons leave to the service (suggestions/transitions.py): the lead unit sees Reply once it
# accepted, and is told to record its contact with the deputy first.
OFFERED_BEFORE_CONTACT = {"reply": {"accepted", "extension_asked"}}


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
    offered_here = open_here or stage in OFFERED_BEFORE_CONTACT.get(step, ())

    client = Client()
    client.force_login(actor)
    page = client.get(suggestion.get_absolute_url())
    url = _step_url(step, suggestion, on)
    shown = page.status_code == 200 and url is not None and f'href="{url}' in page.content.decode()
    assert shown == offered_here, f"button {step} at {stage}"

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


def test_submission_numbers_count_per_year(loop):
    first = loop.to("submitted")
    second = loop.to("submitted")
    year = clock.today().year
    assert first.number == f"{year}-001"
    assert second.number == f"{year}-002"


def test_turned_down_reason_is_kept_for_the_deputy(loop, staff_user):
    suggestion = loop.to("submitted")
    with pytest.raises(ValidationError):
        suggestion_reject(suggestion=suggestion, actor=staff_user, reason=" ")
    suggestion_reject(suggestion=suggestion, actor=staff_user, reason="属于信访事项，已转信访部门")
    suggestion.refresh_from_db()
    assert suggestion.rejection_reason.startswith("属于信访事项")


def test_assign_uses_the_legal_clock_and_refuses_a_later_deadline(loop, staff_user, second_unit):
    suggestion = loop.to("registered")
    too_late = clock.reply_deadline(clock.today()) + timedelta(days=1)
    with pytest.raises(ValidationError):
        suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit, deadline=too_late)
    suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit, co_units=[second_unit])
    lead = suggestion.assignments.get(role="lead")
    co = suggestion.assignments.get(role="co")
    assert lead.deadline == clock.add_months(clock.today(), 3)
    assert lead.basis == Assignment.Basis.REPLY
    assert co.deadline == clock.add_months(clock.today(), 1)
    assert co.basis == Assignment.Basis.CO_VIEW
    assert "3" in lead.basis_text
    suggestion.refresh_from_db()
    assert suggestion.due_on == lead.deadline
    assert lead.return_by == clock.add_working_days(clock.today(), 7)


def test_reply_needs_acceptance_and_contact_first(loop):
    suggestion = loop.to("assigned")
    with pytest.raises(ActionRefused):
        suggestion_reply(suggestion=suggestion, actor=loop.unit_user, result_class="A", text="x")
    suggestion = loop.to("accepted", suggestion=suggestion)
    with pytest.raises(ActionRefused, match=r"contact|沟通"):
        suggestion_reply(suggestion=suggestion, actor=loop.unit_user, result_class="A", text="x")


def test_class_b_needs_a_date_and_stays_open_for_follow_up(loop, staff_user):
    suggestion = loop.to("contacted")
    with pytest.raises(ValidationError):
        suggestion_reply(suggestion=suggestion, actor=loop.unit_user, result_class="B", text="计划中")
    suggestion = loop.to("closed", suggestion=suggestion, result_class="B")
    assert suggestion.status == Suggestion.Status.FOLLOW_UP
    assert suggestion.due_on == suggestion.replies.get().follow_up_on
    with pytest.raises(ActionRefused):
        suggestion_follow_up_complete(suggestion=suggestion, actor=loop.deputy_user, note="完成")
    suggestion_follow_up_complete(suggestion=suggestion, actor=loop.unit_user, note="站点已建成")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.CLOSED


def test_class_c_needs_its_reason(loop):
    suggestion = loop.to("contacted")
    with pytest.raises(ValidationError):
        suggestion_reply(suggestion=suggestion, actor=loop.unit_user, result_class="C", text="暂无法解决")


def test_unsatisfied_sends_a_second_round_with_its_own_records(
    loop, staff_user, second_unit, second_unit_user
):
    suggestion = loop.to("replied")
    suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="unsatisfied", comment="未落实")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REGISTERED
    assert suggestion.round == 2
    suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=second_unit)
    second = suggestion.assignments.get(round=2)
    assert second.basis == Assignment.Basis.SECOND_ROUND
    assert second.deadline == clock.add_months(clock.today(), 1)
    suggestion = loop.to("closed", suggestion=suggestion, lead_unit=second_unit)
    assert suggestion.status == Suggestion.Status.CLOSED
    assert list(suggestion.evaluations.values_list("round", "rating")) == [
        (1, "unsatisfied"),
        (2, "satisfied"),
    ]
    assert list(suggestion.replies.values_list("round", "unit")) == [(1, loop.unit.pk), (2, second_unit.pk)]


def test_unsatisfied_in_the_last_round_closes(loop, staff_user):
    suggestion = loop.to("replied")
    suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="unsatisfied")
    suggestion = loop.to("replied", suggestion=suggestion)
    suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="unsatisfied")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.CLOSED
    assert suggestion.rating == "unsatisfied"


@pytest.mark.parametrize(("setting", "expected"), [(False, "closed"), (True, "registered")])
def test_basically_satisfied_reassigns_only_by_policy(settings, loop, setting, expected):
    settings.SUGGESTION_BASICALLY_SATISFIED_REASSIGNS = setting
    suggestion = loop.to("replied")
    suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="basically")
    suggestion.refresh_from_db()
    assert suggestion.status == expected


def test_staff_record_an_in_person_evaluation(loop, staff_user):
    suggestion = loop.to("replied")
    suggestion_evaluate(suggestion=suggestion, actor=staff_user, rating="satisfied", comment="电话中表示满意")
    evaluation = suggestion.evaluations.get()
    assert evaluation.in_person and evaluation.recorded_by == staff_user


def test_return_within_the_window_and_rerouting(loop, staff_user, second_unit, second_unit_user):
    suggestion = loop.to("assigned")
    lead = _lead(suggestion)
    with pytest.raises(ValidationError):
        assignment_return(assignment=lead, actor=loop.unit_user, reason="")
    assignment_return(assignment=lead, actor=loop.unit_user, reason="属交通部门职责")
    with pytest.raises(ActionRefused):
        assignment_return_decide(assignment=lead, actor=loop.unit_user, approve=True, new_unit=second_unit)
    with pytest.raises(ValidationError):
        assignment_return_decide(assignment=lead, actor=staff_user, approve=True)
    assignment_return_decide(assignment=lead, actor=staff_user, approve=True, new_unit=second_unit)
    lead.refresh_from_db()
    suggestion.refresh_from_db()
    assert lead.status == Assignment.Status.WITHDRAWN
    assert suggestion.lead_unit == second_unit
    assert _lead_active(suggestion).unit == second_unit


def _lead_active(suggestion):
    return suggestion.assignments.exclude(status="withdrawn").get(round=suggestion.round, role="lead")


def test_return_refused_keeps_the_unit_on_it(loop, staff_user):
    suggestion = loop.to("accepted")
    lead = _lead(suggestion)
    assignment_return(assignment=lead, actor=loop.unit_user, reason="不属于本单位")
    assignment_return_decide(assignment=lead, actor=staff_user, approve=False, note="属本单位职责")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.ACCEPTED


def test_return_after_the_window_is_refused(loop):
    suggestion = loop.to("assigned")
    lead = _lead(suggestion)
    later = clock.now() + timedelta(days=20)
    with clock.at(later), pytest.raises(ActionRefused):
        assignment_return(assignment=lead, actor=loop.unit_user, reason="不属于本单位")


def test_extension_up_to_six_months_on_approval(loop, staff_user):
    suggestion = loop.to("accepted")
    lead = _lead(suggestion)
    limit = clock.extension_limit(lead.assigned_on)
    with pytest.raises(ValidationError):
        assignment_extension_ask(
            assignment=lead, actor=loop.unit_user, until=limit + timedelta(days=1), reason="复杂"
        )
    assignment_extension_ask(assignment=lead, actor=loop.unit_user, until=limit, reason="涉及多个部门")
    with pytest.raises(ActionRefused):
        assignment_extension_ask(assignment=lead, actor=loop.unit_user, until=limit, reason="再次")
    assignment_extension_decide(assignment=lead, actor=staff_user, approve=True)
    lead.refresh_from_db()
    suggestion.refresh_from_db()
    assert lead.deadline == limit and lead.basis == Assignment.Basis.EXTENDED
    assert suggestion.due_on == limit


def test_co_unit_view_reaches_the_lead(loop, staff_user, second_unit, second_unit_user):
    suggestion = loop.to("assigned", co_units=[second_unit])
    co = suggestion.assignments.get(role="co")
    with pytest.raises(ActionRefused):
        assignment_give_view(assignment=co, actor=loop.unit_user, view="x")
    with pytest.raises(ActionRefused):
        assignment_give_view(assignment=_lead(suggestion), actor=loop.unit_user, view="x")
    assignment_give_view(assignment=co, actor=second_unit_user, view="同意增设，配合做好站点施工")
    co.refresh_from_db()
    assert co.status == Assignment.Status.ANSWERED
    assert suggestion.events.filter(kind=SuggestionEvent.Kind.VIEW_GIVEN).exists()


def test_merged_suggestions_get_one_handling_and_each_deputy_evaluates(loop, staff_user, other_deputy_user):
    main = loop.to("registered")
    other = suggestion_save_draft(
        actor=staff_user,
        lead_deputy=other_deputy_user.deputy,
        title="增设公交站点",
        content="同上",
        category="transport",
    )
    suggestion_submit(suggestion=other, actor=staff_user)
    suggestion_register(suggestion=other, actor=staff_user)
    suggestion_merge(main=main, others=[other], actor=staff_user)
    other.refresh_from_db()
    with pytest.raises(ActionRefused):
        suggestion_assign(suggestion=other, actor=staff_user, lead_unit=loop.unit)
    main = loop.to("replied", suggestion=main)
    other.refresh_from_db()
    assert other.status == Suggestion.Status.REPLIED
    assert other.replies.get().text == main.replies.get().text
    with pytest.raises(ActionRefused):
        suggestion_evaluate(suggestion=other, actor=loop.deputy_user, rating="satisfied")
    suggestion_evaluate(suggestion=other, actor=other_deputy_user, rating="unsatisfied")
    suggestion_evaluate(suggestion=main, actor=loop.deputy_user, rating="satisfied")
    other.refresh_from_db()
    main.refresh_from_db()
    assert main.status == Suggestion.Status.CLOSED
    assert other.status == Suggestion.Status.REGISTERED and other.round == 2 and other.merged_into is None


# Voters' opinions raised as a suggestion (群众点单、代表定单, seed 003) --------------------------------------


def _opinions(station, count, **fields):
    from tests.voters.factories import OpinionFactory

    return [OpinionFactory(station=station, **fields) for _ in range(count)]


def _unchanged(opinions):
    from voters.models import Opinion, OpinionEvent

    kept = Opinion.objects.filter(pk__in=[o.pk for o in opinions])
    return (
        not Suggestion.objects.exists()
        and set(kept.values_list("status", "route")) == {(Opinion.Status.RECEIVED, "")}
        and not OpinionEvent.objects.filter(opinion__in=kept)
        .exclude(kind=OpinionEvent.Kind.RECEIVED)
        .exists()
    )


def test_opinions_become_one_draft_and_each_is_triaged_to_it(loop, station, officer_user):
    from voters.models import Opinion, OpinionEvent, Route

    opinions = _opinions(station, 3)
    suggestion = suggestion_from_opinions(
        opinions=opinions, lead_deputy=loop.deputy, actor=officer_user, note="同一路段"
    )
    assert (suggestion.status, suggestion.lead_deputy, suggestion.created_by) == (
        Suggestion.Status.DRAFT,
        loop.deputy,
        officer_user,
    )
    assert set(suggestion.source_opinions.all()) == set(opinions)
    assert suggestion.title == opinions[0].content[:60]
    assert all(f"【{o.tracking_code}】{o.content}" in suggestion.content for o in opinions)
    assert suggestion.events.get().kind == SuggestionEvent.Kind.CREATED
    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in opinions]):
        assert (opinion.status, opinion.route) == (Opinion.Status.TRIAGED, Route.SUGGESTION)
        note = opinion.events.get(kind=OpinionEvent.Kind.TRIAGED).note
        assert "同一路段" in note and str(suggestion) in note
    assert list(opinions[0].suggestions.all()) == [suggestion]


def test_one_opinion_goes_to_its_receiving_deputy_with_the_triage_details(loop, station, officer_user):
    from voters.models import Category

    category = Category.objects.order_by("position").last()
    (opinion,) = _opinions(station, 1, deputy=loop.deputy)
    suggestion = suggestion_from_opinions(
        opinions=[opinion], lead_deputy=None, actor=officer_user, category=category, reply="已形成代表建议"
    )
    opinion.refresh_from_db()
    assert suggestion.lead_deputy == loop.deputy
    assert (opinion.category, opinion.reply) == (category, "已形成代表建议")


@pytest.mark.parametrize(
    ("refusal", "error"),
    [
        ("no deputy", ValidationError),
        ("not the officer's deputy", ActionRefused),
        ("one opinion withdrawn", ValidationError),
    ],
)
def test_opinions_refused_as_a_suggestion_change_nothing(
    refusal, error, loop, station, other_station, officer_user, other_officer_user
):
    from voters.services import opinion_withdraw

    opinions = _opinions(station, 2)
    actor, lead_deputy = officer_user, loop.deputy
    if refusal == "no deputy":
        lead_deputy = None
    elif refusal == "not the officer's deputy":
        actor = other_officer_user
    else:
        opinion_withdraw(opinion=opinions[1], actor=officer_user, reason="录错")
    with pytest.raises(error):
        suggestion_from_opinions(opinions=opinions, lead_deputy=lead_deputy, actor=actor)
    assert _unchanged(opinions[:1] if refusal == "one opinion withdrawn" else opinions)


def test_no_opinion_makes_no_suggestion(loop, officer_user):
    with pytest.raises(ValidationError):
        suggestion_from_opinions(opinions=[], lead_deputy=loop.deputy, actor=officer_user)
    assert not Suggestion.objects.exists()


def test_closing_the_suggestion_marks_its_opinions_for_the_return_visit(loop, station, officer_user):
    from voters.models import Opinion, OpinionEvent
    from voters.transitions import opinion_actions

    opinions = _opinions(station, 2)
    suggestion = suggestion_from_opinions(opinions=opinions, lead_deputy=loop.deputy, actor=officer_user)
    closed = loop.to("closed", suggestion=suggestion)
    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in opinions]):
        assert opinion.status == Opinion.Status.RESOLVED and "return_visit" in opinion_actions(opinion)
        assert opinion.events.get(kind=OpinionEvent.Kind.RESOLVED).note == str(closed)  # "2026-001 ..."
