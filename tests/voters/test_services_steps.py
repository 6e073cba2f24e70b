"""The steps of an opinion (voters/services/steps.py): each allowed move works and writes its event; each
forbidden move raises and changes nothing."""

import pytest
from django.core.exceptions import ValidationError

from deputies.models import Level
from liaison.core.errors import ActionRefused
from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Opinion, OpinionEvent, RefusalReason, ReturnVisit, Route, Satisfaction
from voters.services.steps import (
    opinion_close,
    opinion_merge,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
    opinions_mark_return_visit_due,
    voters_to_answer,
)
from voters.transitions import opinion_actions

pytestmark = pytest.mark.django_db
Status = Opinion.Status
Kind = OpinionEvent.Kind


def kinds(opinion):
    return list(opinion.events.order_by("at", "pk").values_list("kind", flat=True))


# Each triage route ---------------------------------------------------------------------------------------


def test_answered_on_the_spot(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user, reply="已当场解释政策")
    opinion.refresh_from_db()
    assert opinion.status == Status.ANSWERED
    assert opinion.route == Route.ON_THE_SPOT
    assert opinion.answered_at is not None
    assert kinds(opinion) == [Kind.RECEIVED, Kind.TRIAGED]
    visit = ReturnVisit.objects.get(opinion=opinion)
    assert visit.method == ReturnVisit.Method.IN_PERSON
    opinion_close(opinion=opinion, actor=officer_user)
    assert opinion.status == Status.CLOSED


def test_on_the_spot_needs_the_answer(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_triage(opinion=opinion, route=Route.ON_THE_SPOT, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert kinds(opinion) == [Kind.RECEIVED]


def test_handled_at_the_station_with_the_community_committee(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user, partner="桂花社区居委会")
    assert opinion.status == Status.TRIAGED
    opinion_start(opinion=opinion, actor=officer_user)
    opinion_resolve(opinion=opinion, actor=officer_user, reply="社区已安排维修")
    opinion_record_return_visit(
        opinion=opinion,
        actor=officer_user,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.SATISFIED,
        voter=opinion.voter,
    )
    opinion_close(opinion=opinion, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.CLOSED
    assert opinion.partner == "桂花社区居委会"
    assert kinds(opinion) == [
        Kind.RECEIVED,
        Kind.TRIAGED,
        Kind.STARTED,
        Kind.RESOLVED,
        Kind.ANSWERED,
        Kind.CLOSED,
    ]
    events = list(opinion.events.order_by("pk"))
    assert [(e.from_status, e.to_status) for e in events[1:]] == [
        (Status.RECEIVED, Status.TRIAGED),
        (Status.TRIAGED, Status.IN_PROGRESS),
        (Status.IN_PROGRESS, Status.RESOLVED),
        (Status.RESOLVED, Status.ANSWERED),
        (Status.ANSWERED, Status.CLOSED),
    ]
    assert all(e.actor == officer_user for e in events[1:])


def test_referred_to_the_street_office(opinion, officer_user, handling_unit):
    opinion_triage(
        opinion=opinion, route=Route.STREET_OFFICE, actor=officer_user, handling_unit=handling_unit
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route, opinion.handling_unit) == (
        Status.TRIAGED,
        Route.STREET_OFFICE,
        handling_unit,
    )
    assert handling_unit.name in opinion.events.get(kind=Kind.TRIAGED).note


def test_raised_as_a_deputy_letter_or_suggestion_records_the_route(opinion, officer_user):
    # The draft suggestion is the suggestions app's (tests/suggestions/test_proposals.py): here only the route.
    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user, note="联名建议")
    opinion.refresh_from_db()
    assert (opinion.status, opinion.route) == (Status.TRIAGED, Route.SUGGESTION)
    assert "联名建议" in opinion.events.get(kind=Kind.TRIAGED).note


def test_the_suggestion_closed_resolves_its_opinions_for_the_return_visit(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user)
    opinions_mark_return_visit_due(opinions=[opinion], actor=officer_user, suggestion="关于路灯维修的建议")
    opinion.refresh_from_db()
    assert opinion.status == Status.RESOLVED
    assert "return_visit" in opinion_actions(opinion)
    assert opinion.events.get(kind=Kind.RESOLVED).note == "关于路灯维修的建议"


def test_forwarded_to_deputies_of_a_higher_level(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_triage(
            opinion=opinion, route=Route.HIGHER_LEVEL, actor=officer_user, suggested_level=Level.COUNTY
        )
    opinion_triage(
        opinion=opinion,
        route=Route.HIGHER_LEVEL,
        actor=officer_user,
        suggested_level=Level.CITY,
        forwarded_to_body="市人大常委会代表工委",
    )
    opinion.refresh_from_db()
    assert (opinion.status, opinion.suggested_level) == (Status.TRIAGED, Level.CITY)
    assert opinion.forwarded_to_body == "市人大常委会代表工委"


def test_not_accepted_tells_the_voter_where_to_go(opinion, officer_user):
    with pytest.raises(ValidationError) as error:
        opinion_triage(opinion=opinion, route=Route.NOT_ACCEPTED, actor=officer_user)
    assert set(error.value.error_dict) == {"refusal_reason", "reply"}
    opinion_triage(
        opinion=opinion,
        route=Route.NOT_ACCEPTED,
        actor=officer_user,
        refusal_reason=RefusalReason.IN_COURT,
        reply="该纠纷已进入诉讼程序，请向区人民法院了解进展。",
    )
    opinion.refresh_from_db()
    assert opinion.status == Status.TRIAGED
    assert not {"start", "resolve"} & opinion_actions(opinion)
    with pytest.raises(ActionRefused):
        opinion_start(opinion=opinion, actor=officer_user)
    # The voter hears the reason at the return visit, then it is closed.
    opinion_record_return_visit(
        opinion=opinion,
        actor=officer_user,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.UNKNOWN,
    )
    opinion_close(opinion=opinion, actor=officer_user)
    assert opinion.status == Status.CLOSED


def test_re_routing_is_recorded(opinion, officer_user):
    opinion_triage(opinion=opinion, route=Route.STREET_OFFICE, actor=officer_user)
    opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=officer_user, note="街道无权处理")
    assert kinds(opinion).count(Kind.TRIAGED) == 2


# Forbidden moves change nothing --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "move",
    [
        lambda o, u: opinion_start(opinion=o, actor=u),
        lambda o, u: opinion_resolve(opinion=o, actor=u, reply="x"),
        lambda o, u: opinion_close(opinion=o, actor=u),
        lambda o, u: opinion_record_return_visit(
            opinion=o, actor=u, method="phone", satisfaction=Satisfaction.SATISFIED
        ),
    ],
)
def test_moves_out_of_order_raise_and_change_nothing(opinion, officer_user, move):
    with pytest.raises(ActionRefused):
        move(opinion, officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED
    assert kinds(opinion) == [Kind.RECEIVED]


def test_withdraw_needs_a_reason_and_keeps_the_record(opinion, officer_user):
    with pytest.raises(ValidationError):
        opinion_withdraw(opinion=opinion, actor=officer_user, reason=" ")
    opinion_withdraw(opinion=opinion, actor=officer_user, reason="重复录入")
    opinion.refresh_from_db()
    assert opinion.status == Status.WITHDRAWN
    assert opinion.events.get(kind=Kind.WITHDRAWN).note == "重复录入"
    with pytest.raises(ActionRefused):
        opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user)
    assert Opinion.objects.filter(pk=opinion.pk).exists()


# Merging -------------------------------------------------------------------------------------------------


def test_merge_keeps_every_voter_to_answer(station, officer_user):
    first = OpinionFactory(station=station, voter=VoterFactory(station=station, name="甲"))
    second = OpinionFactory(station=station, voter=VoterFactory(station=station, name="乙"))
    third = OpinionFactory(station=station, voter=VoterFactory(station=station, name="丙"))
    opinion_merge(duplicate=second, into=first, actor=officer_user)
    # A chain: first is itself merged later into third; the voters of both follow.
    opinion_merge(duplicate=first, into=third, actor=officer_user, note="同一路段")
    second.refresh_from_db()
    first.refresh_from_db()
    assert first.status == second.status == Status.MERGED
    assert first.merged_into == third and second.merged_into == third
    assert {v.name for v in voters_to_answer(third)} == {"甲", "乙", "丙"}
    assert kinds(third).count(Kind.ABSORBED) == 1
    # Each voter gets a return visit on the kept opinion.
    opinion_triage(opinion=third, route=Route.STATION, actor=officer_user)
    opinion_resolve(opinion=third, actor=officer_user, reply="已修复")
    for voter in voters_to_answer(third):
        opinion_record_return_visit(
            opinion=third,
            actor=officer_user,
            voter=voter,
            method=ReturnVisit.Method.PHONE,
            satisfaction=Satisfaction.SATISFIED,
        )
    assert third.return_visits.count() == 3
    assert Opinion.objects.count() == 3


def test_merge_refuses_itself_and_finished_targets(opinion, station, officer_user):
    with pytest.raises(ValidationError):
        opinion_merge(duplicate=opinion, into=opinion, actor=officer_user)
    closed = OpinionFactory(station=station)
    opinion_withdraw(opinion=closed, actor=officer_user, reason="录错")
    with pytest.raises(ValidationError):
        opinion_merge(duplicate=opinion, into=closed, actor=officer_user)
    opinion.refresh_from_db()
    assert opinion.status == Status.RECEIVED


def test_return_visit_only_for_voters_of_the_matter(opinion, officer_user, station):
    opinion_triage(opinion=opinion, route=Route.STATION, actor=officer_user)
    opinion_resolve(opinion=opinion, actor=officer_user, reply="已处理")
    stranger = VoterFactory(station=station)
    with pytest.raises(ValidationError):
        opinion_record_return_visit(
            opinion=opinion, actor=officer_user, voter=stranger, method="phone", satisfaction="satisfied"
        )
