"""交 Assign (suggestions/services/assignments.py): the statutory deadlines, a return and its re-routing, an
extension."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.core.errors import ActionRefused
from suggestions import clock
from suggestions.models import Assignment
from suggestions.services.assignments import (
    assignment_extension_ask,
    assignment_extension_decide,
    assignment_return,
    assignment_return_decide,
    suggestion_assign,
)
from tests.suggestions.factories import lead_assignment

pytestmark = pytest.mark.django_db


def test_assign_uses_the_legal_clock_and_refuses_a_later_deadline(loop, staff_user, second_unit):
    suggestion = loop.to("registered")
    too_late = clock.reply_deadline(timezone.localdate()) + timedelta(days=1)
    with pytest.raises(ValidationError):
        suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit, deadline=too_late)
    suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit, co_units=[second_unit])
    lead = suggestion.assignments.get(role="lead")
    co = suggestion.assignments.get(role="co")
    assert lead.deadline == clock.add_months(timezone.localdate(), 3)
    assert lead.basis == Assignment.Basis.REPLY
    assert co.deadline == clock.add_months(timezone.localdate(), 1)
    assert co.basis == Assignment.Basis.CO_VIEW
    assert "3" in lead.basis_text
    suggestion.refresh_from_db()
    assert suggestion.due_on == lead.deadline
    assert lead.return_by == clock.add_working_days(timezone.localdate(), 7)


def test_return_within_the_window_and_rerouting(loop, staff_user, second_unit, second_unit_user):
    suggestion = loop.to("assigned")
    lead = lead_assignment(suggestion)
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
    lead = lead_assignment(suggestion)
    assignment_return(assignment=lead, actor=loop.unit_user, reason="不属于本单位")
    assignment_return_decide(assignment=lead, actor=staff_user, approve=False, note="属本单位职责")
    lead.refresh_from_db()
    assert lead.status == Assignment.Status.ACCEPTED


def test_return_after_the_window_is_refused(loop):
    suggestion = loop.to("assigned")
    lead = lead_assignment(suggestion)
    later = timezone.now() + timedelta(days=20)
    with time_machine.travel(later, tick=False), pytest.raises(ActionRefused):
        assignment_return(assignment=lead, actor=loop.unit_user, reason="不属于本单位")


def test_extension_up_to_six_months_on_approval(loop, staff_user):
    suggestion = loop.to("accepted")
    lead = lead_assignment(suggestion)
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
