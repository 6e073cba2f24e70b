"""Two people acting at once: one succeeds, the other is told what happened; no half-done state.
Needs PostgreSQL's row locks (SQLite has none)."""

import pytest

from liaison.core.errors import ActionRefused
from suggestions.models import Assignment, Suggestion, SuggestionEvent
from suggestions.services.assignments import suggestion_assign
from suggestions.services.proposals import suggestion_register, suggestion_reject, suggestion_submit
from suggestions.services.replies import suggestion_evaluate
from tests.concurrency import postgres_only, race

pytestmark = [pytest.mark.postgres, postgres_only, pytest.mark.django_db(transaction=True)]


def test_two_staff_register_and_turn_down_at_once(loop, staff_user, admin_user_account):
    suggestion = loop.to("submitted")
    results, errors = race(
        lambda: suggestion_register(suggestion=suggestion, actor=staff_user),
        lambda: suggestion_reject(suggestion=suggestion, actor=admin_user_account, reason="重复"),
    )
    assert len(results) == 1 and len(errors) == 1
    assert isinstance(errors[0], ActionRefused)
    assert "Last step" in errors[0].message or "最近一步" in errors[0].message
    suggestion.refresh_from_db()
    kinds = list(suggestion.events.values_list("kind", flat=True))
    assert kinds.count(SuggestionEvent.Kind.REGISTERED) + kinds.count(SuggestionEvent.Kind.REJECTED) == 1


def test_two_assignments_at_once_make_one_lead(loop, staff_user, admin_user_account, second_unit):
    suggestion = loop.to("registered")
    results, errors = race(
        lambda: suggestion_assign(suggestion=suggestion, actor=staff_user, lead_unit=loop.unit),
        lambda: suggestion_assign(suggestion=suggestion, actor=admin_user_account, lead_unit=second_unit),
    )
    assert len(results) == 1 and len(errors) == 1
    assert Assignment.objects.filter(suggestion=suggestion, role="lead").count() == 1


def test_deputy_and_staff_evaluate_at_once(loop, staff_user):
    suggestion = loop.to("replied")
    results, errors = race(
        lambda: suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="unsatisfied"),
        lambda: suggestion_evaluate(suggestion=suggestion, actor=staff_user, rating="satisfied"),
    )
    assert len(results) == 1 and len(errors) == 1
    suggestion.refresh_from_db()
    assert suggestion.evaluations.count() == 1
    assert suggestion.status in {Suggestion.Status.REGISTERED, Suggestion.Status.CLOSED}


def test_simultaneous_submissions_get_different_numbers(loop):
    drafts = [loop.draft(title=f"建议{index}") for index in range(4)]
    _results, errors = race(
        *[lambda draft=draft: suggestion_submit(suggestion=draft, actor=loop.deputy_user) for draft in drafts]
    )
    assert not errors
    numbers = set(Suggestion.objects.values_list("number", flat=True))
    assert len(numbers) == 4
