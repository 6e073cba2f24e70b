"""Last years' duty records brought in from a workbook (issue 15): approved at once, scored, marked imported."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.imports import DUTY_RECORDS
from assessments.models import DutyRecord, DutyRecordEvent, RuleSet
from assessments.periods import year_period
from assessments.scoring import compute_scores
from assessments.tasks import import_duty_records
from deputies.models import Deputy
from liaison.imports.models import ImportJob
from tests.core.workbooks import Formula, upload, workbook_bytes

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def good_rows(deputy_record):
    return [
        {
            "deputy": deputy_record.name,
            "date": date(2025, 6, 18),
            "kind": "执法检查",
            "title": "食品安全执法检查",
        },
        {
            "deputy": deputy_record.name,
            "date": "2025-03-05",
            "kind": "Speech",
            "title": "大会发言",
            "points": "2.5",
        },
    ]


def post(client, rows, data=None, name="履职2025.xlsx"):
    return client.post(
        reverse("assessments:import"), {"file": upload(DUTY_RECORDS.columns, rows, name, data), **PERIOD}
    )


def test_good_file_is_approved_and_scored(committee_staff, good_rows, deputy_record):
    post(committee_staff, good_rows)
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    records = DutyRecord.objects.filter(deputy=deputy_record)
    assert records.count() == 2 and all(record.status == DutyRecord.Status.APPROVED for record in records)
    imported = DutyRecordEvent.objects.filter(kind=DutyRecordEvent.Kind.IMPORTED)
    assert imported.count() == 2 and "履职2025.xlsx" in imported.first().note
    [score] = compute_scores(Deputy.objects.filter(pk=deputy_record.pk), period=year_period(2025))
    assert score.total > 0


def test_every_bad_row_is_reported_and_nothing_is_written(committee_staff, good_rows, deputy_record):
    RuleSet.objects.create(year=2024, frozen_at="2025-01-31T00:00:00Z")
    rows = [
        good_rows[0],
        {**good_rows[1], "date": "2026-01-02"},  # outside the period
        {**good_rows[1], "deputy": "不存在的代表"},
        {**good_rows[1], "kind": "Voter opinion received"},  # derived, never entered
        {**good_rows[1], "points": Formula("=2+3")},
        good_rows[0],
    ]
    with translation.override("zh-hans"):
        post(committee_staff, rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert sorted({number for number, _message in job.problems}) == [3, 4, 5, 6, 7]
    assert not DutyRecord.objects.exists()


def test_a_duty_already_recorded_is_refused(committee_staff, good_rows):
    data = workbook_bytes(DUTY_RECORDS.columns, good_rows)
    post(committee_staff, good_rows, data)
    response = post(committee_staff, good_rows, data, name="again.xlsx")
    assert "履职2025.xlsx" in response.context["form"].errors["file"][0]
    # The same rows in another file (one more row makes it another file even within the same second).
    post(committee_staff, [*good_rows, {**good_rows[0], "title": "另一次执法检查"}], name="copy.xlsx")
    job = ImportJob.objects.order_by("-pk").first()
    assert job.status == ImportJob.Status.FAILED and {number for number, _m in job.problems} == {2, 3}
    assert DutyRecord.objects.count() == 2


def test_a_large_file_goes_to_the_worker(committee_staff, good_rows, settings):
    settings.RECORDS_IMPORT_INLINE_MAX_BYTES = 10
    post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    import_duty_records(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and DutyRecord.objects.count() == 2
