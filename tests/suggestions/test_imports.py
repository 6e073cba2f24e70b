"""Last years' suggestions brought in from a workbook (issue 15): with units, replies and evaluations, in the
loop's order; whole or not at all, every bad row named."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from liaison.imports.models import ImportJob
from liaison.models import HandlingUnit
from suggestions.imports import SUGGESTIONS
from suggestions.models import Assignment, Evaluation, NumberCounter, Reply, Suggestion, SuggestionEvent
from suggestions.rates import figures_of
from suggestions.tasks import import_suggestions
from tests.core.workbooks import Formula, problems_by_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def street_unit(street):
    return HandlingUnit.objects.create(name="东湖街道城管科", jurisdiction=street)


@pytest.fixture
def good_rows(deputy_record, handling_unit, street_unit):
    closed = {
        "number": "2025-017",
        "title": "关于增设幸福路公交站的建议",
        "content": "幸福路沿线居民出行不便",
        "category": "交通出行",
        "lead_deputy": deputy_record.name,
        "submitted_on": date(2025, 1, 10),
        "lead_unit": handling_unit.name,
        "co_units": street_unit.name,
        "assigned_on": "2025-01-20",
        "replied_on": "2025-04-15",
        "result_class": "A",
        "reply": "已增设公交站",
        "evaluated_on": "2025-04-30",
        "rating": "满意",
    }
    assigned = {
        "number": "2025-18",
        "title": "关于修缮老旧小区屋面的建议",
        "content": "屋面漏水",
        "lead_deputy": deputy_record.name,
        "submitted_on": "2025-05-06",
        "lead_unit": street_unit.name,
        "assigned_on": "2025-05-10",
    }
    return [closed, assigned]


def post(client, rows, data=None, name="建议2025.xlsx"):
    return client.post(
        reverse("suggestions:import"), {"file": upload(SUGGESTIONS.columns, rows, name, data), **PERIOD}
    )


def test_good_file_imports_the_loop_as_the_book_shows_it(committee_staff, good_rows, handling_unit):
    response = post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url() and job.status == ImportJob.Status.DONE
    closed = Suggestion.objects.get(number="2025-017")
    assert closed.status == Suggestion.Status.CLOSED and closed.lead_unit == handling_unit
    assert closed.category == "transport" and closed.rating == "satisfied"
    assert {a.role for a in closed.assignments.all()} == {Assignment.Role.LEAD, Assignment.Role.CO}
    assert Reply.objects.get(suggestion=closed).result_class == "A"
    assert Evaluation.objects.get(suggestion=closed).in_person
    assigned = Suggestion.objects.get(number="2025-018")
    assert assigned.status == Suggestion.Status.ASSIGNED and assigned.due_on > date(2025, 5, 10)
    events = SuggestionEvent.objects.filter(kind=SuggestionEvent.Kind.IMPORTED)
    assert events.count() == 2 and all("建议2025.xlsx" in event.note for event in events)
    assert NumberCounter.objects.get(year=2025).last == 18
    # Counted in the rates like any other: one completed, satisfied, out of two received.
    figures = figures_of(Suggestion.objects.filter(year=2025))
    assert figures["completion_rate"] == 50 and figures["satisfied_rate"] == 100
    assert "建议2025.xlsx" in committee_staff.get(closed.get_absolute_url()).content.decode()


def test_every_bad_row_is_reported_and_nothing_is_written(
    street_staff, street_staff_user, good_rows, street_unit, deputy_record
):
    Suggestion.objects.create(
        title="已有", content="已有", lead_deputy=deputy_record, created_by=street_staff_user,
        status=Suggestion.Status.REGISTERED, year=2025, sequence=30, number="2025-030",
    )  # fmt: skip
    assigned = good_rows[1]
    rows = [
        assigned,
        {
            **assigned,
            "number": "2025-019",
            "lead_unit": "区住房和城乡建设局",
        },  # the district's, not the street's
        {**assigned, "number": "2025-020", "submitted_on": "2026-01-02"},  # outside the period
        {**assigned, "number": "2025-030"},  # already recorded
        {**assigned, "number": "2025-021", "evaluated_on": "2025-06-01", "rating": "满意"},  # never replied
        {**assigned, "number": "2025-022", "lead_deputy": "不存在的代表"},
        {**assigned, "number": "2025-023", "title": Formula('=HYPERLINK("http://x")')},
        {**assigned, "number": "2025-18"},  # the same number as row 2
    ]
    with translation.override("zh-hans"):
        post(street_staff, rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    by_row = problems_by_row(job)
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9}
    assert "区住房和城乡建设局" in by_row[3][0]
    assert "期间" in by_row[4][0]
    assert "2025-030" in by_row[5][0]
    assert any("答复" in message for message in by_row[6])
    assert "不存在的代表" in by_row[7][0]
    assert "公式" in by_row[8][0]
    assert "2" in by_row[9][0]
    assert Suggestion.objects.count() == 1 and not Assignment.objects.exists()


def test_the_same_file_is_refused_the_second_time(committee_staff, good_rows):
    data = workbook_bytes(SUGGESTIONS.columns, good_rows)
    post(committee_staff, good_rows, data)
    response = post(committee_staff, good_rows, data, name="again.xlsx")
    assert "建议2025.xlsx" in response.context["form"].errors["file"][0]
    assert Suggestion.objects.count() == 2


def test_a_large_file_goes_to_the_worker(committee_staff, good_rows, settings):
    settings.RECORDS_IMPORT_INLINE_MAX_BYTES = 10
    post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and not Suggestion.objects.exists()
    import_suggestions(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Suggestion.objects.count() == 2, (job.problems, job.error)


def test_the_template_downloads(committee_staff):
    response = committee_staff.get(reverse("suggestions:import_template"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
