"""Voters' ratings of reports to voters in the year's scoring and the duty archive: a report whose 满意率
reaches the rule set's threshold is a derived duty "rated well", worth nothing until staff give it points."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.derivation import derive
from assessments.models import DutyKind, DutyRecord, KindRule
from assessments.periods import year_period
from assessments.rules import ruleset_ensure
from assessments.scoring import year_scores
from deputies.models import Deputy
from liaison.activities.ratings import paper_tally_record
from tests.activities.factories import report_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(point, officer_user, deputy_record):
    """A meeting this year at which the fixture deputy reported, rated 8 of 10 satisfied or basically."""
    meeting = report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], started=timedelta(minutes=5)
    )
    report = meeting.voter_reports.get()
    paper_tally_record(report=report, satisfied=5, basically=3, unsatisfied=2, actor=officer_user)
    return report


def year():
    return timezone.localdate().year


def total(deputy):
    (score,), _rules = year_scores(Deputy.objects.filter(pk=deputy.pk), year())
    return score.total


def test_a_report_rated_well_is_a_duty_worth_nothing_by_default(rated, deputy_record):
    derive(year_period(year()))
    before = total(deputy_record)
    record = DutyRecord.objects.get(kind=DutyKind.REPORT_RATED_WELL)
    assert record.source == DutyRecord.Source.RATING and record.deputy == deputy_record
    assert "80%" in record.title
    assert total(deputy_record) == before
    DutyRecord.objects.filter(pk=record.pk).delete()
    assert total(deputy_record) == before  # the default rules give the kind no points


def test_points_once_staff_give_them_and_only_at_the_threshold(rated, deputy_record):
    derive(year_period(year()))
    before = total(deputy_record)
    ruleset = ruleset_ensure(year())
    KindRule.objects.filter(ruleset=ruleset, kind=DutyKind.REPORT_RATED_WELL).update(points=4)
    assert total(deputy_record) == before + 4
    ruleset.report_rate_threshold = 81
    ruleset.save(update_fields=["report_rate_threshold"])
    derive(year_period(year()))
    assert not DutyRecord.objects.filter(kind=DutyKind.REPORT_RATED_WELL).exists()
    assert total(deputy_record) == before


def test_a_report_nobody_rated_earns_nothing(point, officer_user, deputy_record):
    report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], started=timedelta(minutes=5)
    )
    derive(year_period(year()))
    assert not DutyRecord.objects.filter(kind=DutyKind.REPORT_RATED_WELL).exists()


def test_the_archive_shows_the_report_with_its_ratings(officer, rated, deputy_record):
    url = reverse("assessments:archive", args=[deputy_record.pk])
    response = officer.get(url)
    (report,) = response.context["archive"].voter_reports
    assert (report.satisfied, report.basically, report.unsatisfied) == (5, 3, 2)
    assert "80.0%" in response.content.decode()
    export = officer.get(reverse("assessments:archive_export", args=[deputy_record.pk]))
    workbook = load_workbook(io.BytesIO(export.content))
    sheet = next(sheet for sheet in workbook.worksheets if "述职" in sheet.title)
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert 80 in values and rated.text in values
