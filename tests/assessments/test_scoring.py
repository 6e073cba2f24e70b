"""The rule engine on a hand-built set of records: each kind, caps, minimums, ranks, frozen years."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import DutyKind, DutyRecord, KindRule
from assessments.periods import quarter_period, year_period
from assessments.rules import rules_for, ruleset_ensure
from assessments.scoring import assign_ranks, compute_scores, excellent_candidates, year_scores
from assessments.services import ruleset_update, scores_freeze
from deputies.models import Deputy
from tests.assessments.factories import record
from tests.deputies.factories import DeputyFactory

YEAR = 2025
pytestmark = pytest.mark.django_db


@pytest.fixture
def rules_2025():
    ruleset = ruleset_ensure(YEAR)
    # Distinct points for every kind, so that a kind priced by another kind's rule would show.
    for index, kind in enumerate(DutyKind.values, start=1):
        KindRule.objects.filter(ruleset=ruleset, kind=kind).update(points=Decimal(index), cap=None)
    KindRule.objects.filter(ruleset=ruleset, kind=DutyKind.ABSENCE).update(points=Decimal(-2))
    return ruleset


def score_of(deputy, period=None):
    (score,) = compute_scores(Deputy.objects.filter(pk=deputy.pk), period=period or year_period(YEAR))
    return score


def test_each_kind_scores_its_own_points(rules_2025):
    deputy = DeputyFactory()
    for kind in DutyKind.values:
        record(deputy, kind, date(YEAR, 5, 10))
    score = score_of(deputy)
    expected = {
        kind: Decimal(-2) if kind == DutyKind.ABSENCE else Decimal(index)
        for index, kind in enumerate(DutyKind.values, start=1)
    }
    assert score.points == expected
    assert score.total == sum(expected.values())


def test_quantity_explicit_points_and_status(rules_2025):
    deputy = DeputyFactory()
    points = rules_for(YEAR).points
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 1), quantity=3)
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 2), points=Decimal("7.5"))
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 3), status=DutyRecord.Status.PENDING)
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 4), status=DutyRecord.Status.REJECTED)
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 5), status=DutyRecord.Status.WITHDRAWN)
    record(deputy, DutyKind.SPEECH, date(YEAR - 1, 12, 31))
    score = score_of(deputy)
    assert score.points[DutyKind.SPEECH] == 3 * points[DutyKind.SPEECH] + Decimal("7.5")
    assert score.units[DutyKind.SPEECH] == 4


def test_caps_limit_gains_and_losses(rules_2025):
    KindRule.objects.filter(ruleset=rules_2025, kind=DutyKind.OPINION).update(points=1, cap=3)
    KindRule.objects.filter(ruleset=rules_2025, kind=DutyKind.ABSENCE).update(points=-2, cap=5)
    deputy = DeputyFactory()
    for day in range(1, 6):
        record(deputy, DutyKind.OPINION, date(YEAR, 6, day))
        record(deputy, DutyKind.ABSENCE, date(YEAR, 7, day))
    score = score_of(deputy)
    assert score.points[DutyKind.OPINION] == 3
    assert score.points[DutyKind.ABSENCE] == -5
    assert score.total == -2


def _meets_everything(deputy):
    """Seed 004's minimums and seed 000's two activities a quarter, just met."""
    for quarter in range(1, 5):
        start = quarter_period(YEAR, quarter).start
        record(deputy, DutyKind.GROUP_ACTIVITY, start.replace(day=2))
        record(deputy, DutyKind.TRAINING, start.replace(day=3), voters_met=0)
    # 8 days so far; 2 more days with voters and constituency visits.
    record(deputy, DutyKind.VOTER_VISIT, date(YEAR, 2, 20), voters_met=15)
    record(deputy, DutyKind.VOTER_RECEPTION, date(YEAR, 5, 20), voters_met=15)
    record(deputy, DutyKind.CONSTITUENCY_VISIT, date(YEAR, 5, 20), quantity=2)
    record(deputy, DutyKind.PRACTICAL_THING, date(YEAR, 5, 20))
    record(deputy, DutyKind.SUGGESTION_LEAD, date(YEAR, 1, 10))


def test_minimums_all_met(rules_2025):
    deputy = DeputyFactory()
    _meets_everything(deputy)
    score = score_of(deputy)
    assert {m.key: m.actual for m in score.minimums} == {
        "group_activities": 4,
        "activity_days": 10,
        "voters_contacted": 30,
        "constituency_visits": 3,
        "practical_things": 1,
        "suggestions": 1,
        "activities_per_quarter": 2,
    }
    assert score.missed == []


@pytest.mark.parametrize(
    ("missing_kind", "missed_key"),
    [
        (DutyKind.PRACTICAL_THING, "practical_things"),
        (DutyKind.SUGGESTION_LEAD, "suggestions"),
        (DutyKind.CONSTITUENCY_VISIT, "constituency_visits"),
        (DutyKind.VOTER_RECEPTION, "voters_contacted"),
    ],
)
def test_each_minimum_can_be_missed(rules_2025, missing_kind, missed_key):
    deputy = DeputyFactory()
    _meets_everything(deputy)
    DutyRecord.objects.filter(deputy=deputy, kind=missing_kind).delete()
    assert missed_key in [m.key for m in score_of(deputy).missed]


def test_group_activities_days_and_quarters(rules_2025):
    deputy = DeputyFactory()
    _meets_everything(deputy)
    # Q4 keeps only one activity; the same day twice is one day of activity.
    DutyRecord.objects.filter(deputy=deputy, kind=DutyKind.TRAINING, date__month=10).delete()
    record(deputy, DutyKind.GROUP_ACTIVITY, date(YEAR, 2, 20))
    score = score_of(deputy)
    missed = {m.key: m for m in score.missed}
    assert set(missed) == {"activities_per_quarter", "activity_days"}
    assert (
        missed["activities_per_quarter"].detail == "第4季度"
    )  # the one name of a quarter (assessments.periods.quarter_name)
    # Two records on 20 February are one day; the 3 October training is gone.
    assert score.measures["activity_days"] == 9
    ruleset_update(
        ruleset=rules_2025,
        fields={"min_activity_days": 9, "min_group_activities": 6},
        kind_rules={},
        actor=None,
    )
    missed = {m.key for m in score_of(deputy).missed}
    assert missed == {"activities_per_quarter", "group_activities"}


def test_a_quarter_scores_its_own_records_and_judges_minimums_year_to_date(rules_2025):
    deputy = DeputyFactory()
    _meets_everything(deputy)
    q2 = quarter_period(YEAR, 2)
    (score,) = compute_scores(
        Deputy.objects.filter(pk=deputy.pk),
        period=q2,
        minimums_period=year_period(YEAR).__class__(date(YEAR, 1, 1), q2.end),
    )
    assert score.units[DutyKind.GROUP_ACTIVITY] == 1
    assert DutyKind.SUGGESTION_LEAD not in score.points  # January
    assert "suggestions" not in [m.key for m in score.missed]  # met in Q1, year to date


def test_ranks_share_equal_totals_and_candidates_follow_the_rule(rules_2025):
    deputies = [DeputyFactory() for _ in range(4)]
    for deputy, count in zip(deputies, [3, 3, 2, 1], strict=True):
        record(deputy, DutyKind.SPEECH, date(YEAR, 4, 1), quantity=count)
    _meets_everything(deputies[3])
    ranked = assign_ranks(
        compute_scores(Deputy.objects.filter(pk__in=[d.pk for d in deputies]), period=year_period(YEAR))
    )
    ranks = {score.deputy.pk: score.rank for score in ranked}
    assert ranked[0].deputy == deputies[3]
    assert ranks[deputies[0].pk] == ranks[deputies[1].pk] == 2
    assert ranks[deputies[2].pk] == 4
    rules_2025.excellent_top_n = 1
    rules_2025.excellent_requires_minimums = True
    assert [s.deputy for s in excellent_candidates(ranked, rules_2025)] == [deputies[3]]
    rules_2025.excellent_requires_minimums = False
    rules_2025.excellent_top_n = 2
    assert {s.deputy for s in excellent_candidates(ranked, rules_2025)} == set(deputies[:2]) | {
        deputies[3]
    } - set()
    rules_2025.excellent_top_n = None
    rules_2025.excellent_threshold = ranked[-1].total + 1
    assert len(excellent_candidates(ranked, rules_2025)) == 3


def test_frozen_year_keeps_its_results_and_the_current_year_rescores(rules_2025, staff_user):
    deputy = DeputyFactory()
    record(deputy, DutyKind.SPEECH, date(YEAR, 4, 1))
    before = score_of(deputy).total
    scores_freeze(year=YEAR, actor=staff_user)
    KindRule.objects.filter(ruleset=rules_2025, kind=DutyKind.SPEECH).update(points=100)
    record(deputy, DutyKind.SPEECH, date(YEAR, 4, 2))
    (frozen,), _rules = year_scores(Deputy.objects.filter(pk=deputy.pk), YEAR)
    assert frozen.frozen and frozen.total == before
    # The current year, not frozen, shows a rule change at once.
    this_year = ruleset_ensure(YEAR + 1)
    record(deputy, DutyKind.SPEECH, date(YEAR + 1, 4, 1))
    (now,), _rules = year_scores(Deputy.objects.filter(pk=deputy.pk), YEAR + 1)
    ruleset_update(
        ruleset=this_year, fields={}, kind_rules={DutyKind.SPEECH: (Decimal(9), None)}, actor=staff_user
    )
    (again,), _rules = year_scores(Deputy.objects.filter(pk=deputy.pk), YEAR + 1)
    assert again.total == 9 and again.total != now.total


@pytest.mark.parametrize("count", [2, 20])
def test_scoring_queries_do_not_grow_with_deputies(rules_2025, count, django_assert_num_queries):
    deputies = [DeputyFactory() for _ in range(count)]
    for deputy in deputies:
        _meets_everything(deputy)
    queryset = Deputy.objects.filter(pk__in=[d.pk for d in deputies])
    # deputies, rule set, points per kind, two aggregates; a quarter notice adds the year's points per kind
    # (its minimums are read over the year only).
    with django_assert_num_queries(5):
        scores = compute_scores(queryset, period=year_period(YEAR))
    assert len(scores) == count
    with CaptureQueriesContext(connection) as queries:
        compute_scores(queryset.all(), period=quarter_period(YEAR, 2), minimums_period=year_period(YEAR))
    assert len(queries) == 6, [q["sql"][:80] for q in queries.captured_queries]
