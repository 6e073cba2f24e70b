"""办 and 评 (suggestions/services/replies.py): the reply's preconditions and classes, the co-unit's view, the
evaluation and its second round."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.core.errors import ActionRefused
from suggestions import clock
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.services.assignments import suggestion_assign
from suggestions.services.replies import (
    assignment_give_view,
    suggestion_evaluate,
    suggestion_follow_up_complete,
    suggestion_reply,
)
from tests.suggestions.factories import lead_assignment

pytestmark = pytest.mark.django_db


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
    assert second.deadline == clock.add_months(timezone.localdate(), 1)
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


def test_co_unit_view_reaches_the_lead(loop, staff_user, second_unit, second_unit_user):
    suggestion = loop.to("assigned", co_units=[second_unit])
    co = suggestion.assignments.get(role="co")
    with pytest.raises(ActionRefused):
        assignment_give_view(assignment=co, actor=loop.unit_user, view="x")
    with pytest.raises(ActionRefused):
        assignment_give_view(assignment=lead_assignment(suggestion), actor=loop.unit_user, view="x")
    assignment_give_view(assignment=co, actor=second_unit_user, view="同意增设，配合做好站点施工")
    co.refresh_from_db()
    assert co.status == Assignment.Status.ANSWERED
    assert suggestion.events.filter(kind=SuggestionEvent.Kind.VIEW_GIVEN).exists()
