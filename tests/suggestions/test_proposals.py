"""提 Propose (suggestions/services/proposals.py): numbering, turning down, handling together, and voters'
opinions raised as one draft."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from liaison.core.errors import ActionRefused
from suggestions.models import Suggestion, SuggestionEvent
from suggestions.services.assignments import suggestion_assign
from suggestions.services.proposals import (
    suggestion_from_opinions,
    suggestion_merge,
    suggestion_register,
    suggestion_reject,
    suggestion_save_draft,
    suggestion_submit,
)
from suggestions.services.replies import suggestion_evaluate
from tests.voters.factories import OpinionFactory
from voters.models import Category, Opinion, OpinionEvent, Route
from voters.services.steps import opinion_withdraw
from voters.transitions import opinion_actions

pytestmark = pytest.mark.django_db


def test_submission_numbers_count_per_year(loop):
    first = loop.to("submitted")
    second = loop.to("submitted")
    year = timezone.localdate().year
    assert first.number == f"{year}-001"
    assert second.number == f"{year}-002"


def test_turned_down_reason_is_kept_for_the_deputy(loop, staff_user):
    suggestion = loop.to("submitted")
    with pytest.raises(ValidationError):
        suggestion_reject(suggestion=suggestion, actor=staff_user, reason=" ")
    suggestion_reject(suggestion=suggestion, actor=staff_user, reason="属于信访事项，已转信访部门")
    suggestion.refresh_from_db()
    assert suggestion.rejection_reason.startswith("属于信访事项")


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
    return [OpinionFactory(station=station, **fields) for _ in range(count)]


def _unchanged(opinions):
    kept = Opinion.objects.filter(pk__in=[o.pk for o in opinions])
    return (
        not Suggestion.objects.exists()
        and set(kept.values_list("status", "route")) == {(Opinion.Status.RECEIVED, "")}
        and not OpinionEvent.objects.filter(opinion__in=kept)
        .exclude(kind=OpinionEvent.Kind.RECEIVED)
        .exists()
    )


def test_opinions_become_one_draft_and_each_is_triaged_to_it(loop, station, officer_user):
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
    opinions = _opinions(station, 2)
    suggestion = suggestion_from_opinions(opinions=opinions, lead_deputy=loop.deputy, actor=officer_user)
    closed = loop.to("closed", suggestion=suggestion)
    for opinion in Opinion.objects.filter(pk__in=[o.pk for o in opinions]):
        assert opinion.status == Opinion.Status.RESOLVED and "return_visit" in opinion_actions(opinion)
        assert opinion.events.get(kind=OpinionEvent.Kind.RESOLVED).note == str(closed)  # "2026-001 ..."
