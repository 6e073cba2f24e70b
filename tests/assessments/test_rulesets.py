"""Rule sets by level of the tree (issue 15): a street follows its district's set, else the whole
deployment's; its own set overrides both; each deputy is scored by their street's; staff edit their own
level's only."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments.models import DutyKind, KindRule, RuleSet
from assessments.periods import year_period
from assessments.rules import rules_for, ruleset_ensure, ruleset_in_force
from assessments.scoring import compute_scores
from assessments.services import scores_freeze
from deputies.models import Deputy
from tests.assessments.factories import record
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationingFactory

YEAR = 2025
pytestmark = pytest.mark.django_db


def priced(ruleset, points):
    KindRule.objects.filter(ruleset=ruleset, kind=DutyKind.SPEECH).update(points=Decimal(points))
    return ruleset


def stationed(station):
    deputy = DeputyFactory()
    StationingFactory(deputy=deputy, station=station, since=date(YEAR, 1, 1))
    return deputy


def test_a_level_without_a_set_inherits_the_nearest_above(street, district, station):
    deployment = priced(ruleset_ensure(YEAR), 3)
    assert ruleset_in_force(YEAR, street) == deployment
    own_district = priced(ruleset_ensure(YEAR, district), 4)
    assert ruleset_in_force(YEAR, street) == own_district
    assert ruleset_in_force(YEAR, station) == own_district
    assert rules_for(YEAR, street).points[DutyKind.SPEECH] == Decimal(4)
    assert rules_for(YEAR).points[DutyKind.SPEECH] == Decimal(3)


def test_a_street_overrides_its_district_and_starts_from_what_it_inherited(street, other_street, district):
    priced(ruleset_ensure(YEAR, district), 4)
    own = ruleset_ensure(YEAR, street)
    assert rules_for(YEAR, street).points[DutyKind.SPEECH] == Decimal(4)
    priced(own, 6)
    assert ruleset_in_force(YEAR, street) == own
    assert rules_for(YEAR, street).points[DutyKind.SPEECH] == Decimal(6)
    assert rules_for(YEAR, other_street).points[DutyKind.SPEECH] == Decimal(4)


def test_the_nearest_set_is_read_in_one_query(street, district, django_assert_num_queries):
    ruleset_ensure(YEAR, district)
    with django_assert_num_queries(1):
        ruleset_in_force(YEAR, street)


def test_one_set_per_level_and_year_and_one_for_the_whole_deployment(street):
    ruleset_ensure(YEAR)
    ruleset_ensure(YEAR, street)
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(year=YEAR)
    with pytest.raises(IntegrityError), transaction.atomic():
        RuleSet.objects.create(year=YEAR, jurisdiction=street)


def test_scoring_uses_each_streets_set(street, other_street, district, django_assert_max_num_queries):
    priced(ruleset_ensure(YEAR), 1)
    priced(ruleset_ensure(YEAR, district), 2)
    priced(ruleset_ensure(YEAR, street), 5)
    here = stationed(StationFactory(jurisdiction=street))
    there = stationed(StationFactory(jurisdiction=other_street))
    nowhere = DeputyFactory()
    for deputy in (here, there, nowhere):
        record(deputy, DutyKind.SPEECH, date(YEAR, 3, 1))
    deputies = Deputy.objects.filter(pk__in=[here.pk, there.pk, nowhere.pk])
    with django_assert_max_num_queries(7):
        scores = {score.deputy: score.total for score in compute_scores(deputies, period=year_period(YEAR))}
    assert scores == {here: Decimal(5), there: Decimal(2), nowhere: Decimal(1)}


def test_a_deputy_in_two_streets_follows_the_deeper_level_then_the_set_made_last(
    street, other_street, district
):
    priced(ruleset_ensure(YEAR, district), 2)
    deputy = stationed(StationFactory(jurisdiction=street))
    StationingFactory(
        deputy=deputy, station=StationFactory(jurisdiction=other_street), since=date(YEAR, 1, 1)
    )
    priced(ruleset_ensure(YEAR, other_street), 7)
    priced(ruleset_ensure(YEAR, street), 6)
    record(deputy, DutyKind.SPEECH, date(YEAR, 3, 1))
    (score,) = compute_scores(Deputy.objects.filter(pk=deputy.pk), period=year_period(YEAR))
    assert score.total == Decimal(6)
    assert ruleset_in_force(YEAR, deputy) == score.rules.ruleset


def test_freezing_freezes_every_levels_set(street, staff_user):
    ruleset_ensure(YEAR, street)
    scores_freeze(year=YEAR, actor=staff_user)
    assert all(RuleSet.objects.filter(year=YEAR).values_list("frozen_at", flat=True))
    assert rules_for(YEAR, street).ruleset.is_frozen


def post_rules(client, year, points):
    data = {
        "min_group_activities": 3,
        "min_activity_days": 10,
        "min_voters_contacted": 30,
        "min_constituency_visits": 3,
        "min_practical_things": 1,
        "min_suggestions": 1,
        "min_activities_per_quarter": 2,
        "excellent_requires_minimums": "on",
    }
    for kind in DutyKind.values:
        data[f"points_{kind}"] = points if kind == DutyKind.SPEECH else 1
        data[f"cap_{kind}"] = ""
    return client.post(reverse("assessments:rules", args=[year]), data)


def test_staff_of_a_street_see_the_district_set_as_inherited(street_staff, district):
    priced(ruleset_ensure(YEAR, district), 4)
    response = street_staff.get(reverse("assessments:rules", args=[YEAR]))
    assert response.status_code == 200
    assert response.context["inherited"] and response.context["ruleset"].jurisdiction == district


def test_staff_of_a_street_save_their_own_and_cannot_change_the_districts(
    street_staff, street_staff_user, street, district
):
    district_set = priced(ruleset_ensure(YEAR, district), 4)
    response = post_rules(street_staff, YEAR, 9)
    assert response.status_code == 302, response.context["form"].errors
    assert rules_for(YEAR, district).points[DutyKind.SPEECH] == Decimal(4)
    assert ruleset_in_force(YEAR, district) == district_set
    own = ruleset_in_force(YEAR, street)
    assert own.jurisdiction == street and own.updated_by == street_staff_user
    assert rules_for(YEAR, street).points[DutyKind.SPEECH] == Decimal(9)


def test_staff_of_the_district_edit_the_districts_set(district_staff, district, street):
    post_rules(district_staff, YEAR, 8)
    assert ruleset_in_force(YEAR, street).jurisdiction == district
    assert rules_for(YEAR, street).points[DutyKind.SPEECH] == Decimal(8)
    assert not RuleSet.objects.filter(jurisdiction__isnull=True).exists()
