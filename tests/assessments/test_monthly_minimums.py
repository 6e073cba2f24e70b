"""Monthly duties (五个一, seed 001): a visit and a suggestion per deputy per month, judged month by month in
China's time, shown on the below-minimum lists and the notices, and kept by the rules' form."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assessments.derivation import derive
from assessments.models import DutyKind, RuleSet
from assessments.periods import year_period
from assessments.rules import ruleset_ensure
from assessments.scoring import compute_scores
from deputies.models import Deputy
from tests.assessments.factories import record, suggestion
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def monthly(year, visits=1, suggestions=1):
    ruleset = ruleset_ensure(year)
    RuleSet.objects.filter(pk=ruleset.pk).update(
        min_visits_per_month=visits, min_suggestions_per_month=suggestions
    )
    return ruleset


def minimums_of(deputy, year):
    (score,) = compute_scores(Deputy.objects.filter(pk=deputy.pk), period=year_period(year))
    return {minimum.key: minimum for minimum in score.minimums}, score


def test_a_past_year_is_judged_month_by_month():
    monthly(2025)
    deputy = DeputyFactory()
    for month in range(1, 13):
        if month != 3:
            record(deputy, DutyKind.VOTER_VISIT, date(2025, month, 10))
        if month not in (1, 12):
            record(deputy, DutyKind.SUGGESTION_LEAD, date(2025, month, 10))
    # A visit to the original constituency is a visit too; two in one month still leave March short.
    record(deputy, DutyKind.CONSTITUENCY_VISIT, date(2025, 4, 2))
    minimums, score = minimums_of(deputy, 2025)
    visits, suggestions = minimums["visits_per_month"], minimums["suggestions_per_month"]
    assert (visits.required, visits.actual, visits.detail) == (1, 0, "3月")
    assert (suggestions.actual, suggestions.detail) == (0, "1月、12月")
    assert score.measures["months"]["4"] == {"visits": 2, "suggestions": 1}
    assert "每月走访联系群众 (3月)" in score.missed_labels


def test_existing_rule_sets_ask_for_nothing_monthly():
    ruleset = ruleset_ensure(2025)
    assert (ruleset.min_visits_per_month, ruleset.min_suggestions_per_month) == (0, 0)
    minimums, _score = minimums_of(DeputyFactory(), 2025)
    assert "visits_per_month" not in minimums and "suggestions_per_month" not in minimums


@pytest.mark.parametrize(
    ("now", "judged"),
    [
        # The last evening of February in Shanghai (still 28 February in UTC too): February not over yet.
        (datetime(2026, 2, 28, 23, 30, tzinfo=SHANGHAI), ["1"]),
        # Half past midnight on 1 March in Shanghai is 16:30 on 28 February in UTC: February is over.
        (datetime(2026, 3, 1, 0, 30, tzinfo=SHANGHAI), ["1", "2"]),
    ],
)
def test_a_month_is_judged_once_it_is_over_in_china(now, judged):
    with time_machine.travel(now, tick=False):
        monthly(2026)
        deputy = DeputyFactory()
        record(deputy, DutyKind.VOTER_VISIT, date(2026, 1, 5))
        record(deputy, DutyKind.SUGGESTION_LEAD, date(2026, 1, 5))
        minimums, score = minimums_of(deputy, 2026)
    assert list(score.measures["months"]) == judged
    assert minimums["visits_per_month"].met is (judged == ["1"])


def test_a_suggestion_counts_in_the_month_of_china_it_was_submitted(staff_user):
    """23:30 on 31 January in Shanghai is 15:30 UTC the same day, 00:30 on 1 February is still 31 January
    in UTC: the first counts in January, the second in February."""
    monthly(2025, visits=0)
    deputy = DeputyFactory()
    suggestion(deputy, staff_user, datetime(2025, 1, 31, 23, 30, tzinfo=SHANGHAI))
    suggestion(deputy, staff_user, datetime(2025, 2, 1, 0, 30, tzinfo=SHANGHAI))
    derive(year_period(2025))
    _minimums, score = minimums_of(deputy, 2025)
    assert score.measures["months"]["1"]["suggestions"] == 1
    assert score.measures["months"]["2"]["suggestions"] == 1
    assert score.measures["months"]["3"]["suggestions"] == 0


def test_the_lists_and_the_notice_show_the_months_missed(committee_staff, deputy_record, this_year):
    with time_machine.travel(datetime(this_year, 3, 15, 10, tzinfo=SHANGHAI), tick=False):
        monthly(this_year)
        record(deputy_record, DutyKind.VOTER_VISIT, date(this_year, 1, 8))
        record(deputy_record, DutyKind.SUGGESTION_LEAD, date(this_year, 2, 8))
        results = committee_staff.get(reverse("assessments:results"), {"year": this_year})
        html = results.content.decode()
        assert "每月走访联系群众" in html and "2月" in html
        home = committee_staff.get("/").context
        labels = {row["label"]: row["count"] for row in home["by_minimum"]}
        assert labels["每月走访联系群众"] == 1 and labels["每月提出建议"] == 1
        periods = {row["label"]: row["periods"] for row in home["by_minimum"]}
        assert periods["每月走访联系群众"] == [("2月", 1)] and periods["每月提出建议"] == [("1月", 1)]
        group = DeputyGroupFactory()
        deputy_record.deputy_groups.add(group)
        notice = committee_staff.get(
            reverse("assessments:notice"),
            {"group": group.pk, "span": "quarter", "year": this_year, "quarter": 1},
        ).content.decode()
        assert "每月走访联系群众 (2月)、每月提出建议 (1月)" in notice


def test_the_rules_form_sets_and_keeps_monthly_minimums(committee_staff, this_year):
    from tests.assessments.test_rulesets import post_rules

    ruleset = ruleset_ensure(this_year)
    response = post_rules(committee_staff, this_year, 3)
    assert response.status_code == 302
    ruleset.refresh_from_db()
    assert (ruleset.min_visits_per_month, ruleset.min_suggestions_per_month) == (0, 0)
    url = reverse("assessments:rules", args=[this_year])
    form = committee_staff.get(url).context["form"]
    data = {name: ("" if form[name].value() is None else form[name].value()) for name in form.fields}
    data.update(excellent_requires_minimums="on", min_visits_per_month="1", min_suggestions_per_month="-1")
    page = committee_staff.post(url, data)
    assert page.status_code == 200 and "min_suggestions_per_month" in page.context["form"].errors
    assert 'value="1"' in page.content.decode()  # the input is kept
    data["min_suggestions_per_month"] = "1"
    assert committee_staff.post(url, data).status_code == 302
    ruleset.refresh_from_db()
    assert (ruleset.min_visits_per_month, ruleset.min_suggestions_per_month) == (1, 1)
