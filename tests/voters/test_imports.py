"""Last years' opinions brought in from a workbook (issue 15): whole or not at all, every bad row named."""

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from liaison.core.imports import read_cells, rows_of
from liaison.imports.models import ImportJob
from tests.core.workbooks import Formula, problems_by_row, upload, workbook_bytes
from tests.voters.factories import OpinionFactory, VoterFactory
from voters.imports import OPINIONS
from voters.models import Channel, Opinion, OpinionEvent, ReturnVisit, Voter
from voters.selectors import register_opinions
from voters.tasks import import_opinions

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def good_rows(station, deputy_record, handling_unit):
    return [
        {
            "station": station.name,
            "channel": "接待选民日",
            "received_on": date(2025, 3, 8),
            "voter_name": "李四",
            "voter_phone": "13912345678",
            "content": "小区门口路灯不亮",
            "deputy": deputy_record.name,
            "route": "转街道办事处办理",
            "handling_unit": handling_unit.name,
            "outcome": "已关闭",
            "reply": "已修复路灯",
            "finished_on": "2025-03-20",
            "satisfaction": "满意",
        },
        {
            "station": station.name,
            "channel": "Phone",
            "received_on": "2025/6/1",
            "content": "@SUM(1) <script>alert(1)</script> 垃圾清运不及时",
            "outcome": "已收到",
        },
    ]


def post(client, rows, data=None, name="2025.xlsx", period=PERIOD):
    return client.post(
        reverse("voters:import"), {"file": upload(OPINIONS.columns, rows, name, data), **period}
    )


def test_good_file_imports_every_row_marked_imported(committee_staff, staff_user, good_rows, station):
    response = post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job.get_absolute_url()
    assert job.status == ImportJob.Status.DONE and job.row_count == 2 and not job.file
    closed = Opinion.objects.get(status=Opinion.Status.CLOSED)
    assert closed.voter.phone == "+8613912345678" and closed.voter.consent is False
    assert closed.handling_unit.name == "区住房和城乡建设局" and closed.channel == Channel.RECEPTION
    assert ReturnVisit.objects.get(opinion=closed).satisfaction == "satisfied"
    imported = OpinionEvent.objects.filter(kind=OpinionEvent.Kind.IMPORTED)
    assert imported.count() == 2 and all("2025.xlsx" in event.note for event in imported)
    hostile = Opinion.objects.get(status=Opinion.Status.RECEIVED)
    assert hostile.content.startswith("@SUM(1)")
    # Counted where every opinion is: the register of the year they came in.
    assert len(register_opinions(staff_user, date(2025, 1, 1), date(2025, 12, 31))) == 2
    page = committee_staff.get(hostile.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_every_bad_row_is_reported_in_chinese_and_nothing_is_written(
    street_staff, other_station, good_rows, station
):
    OpinionFactory(station=station, content="已有的意见", received_at=datetime(2025, 4, 1, 10, tzinfo=UTC))
    # The district's unit is not one a street's staff assign to: row 2 names none.
    street_row = {**good_rows[0], "handling_unit": ""}
    rows = [
        street_row,
        {**good_rows[1], "received_on": "2024-12-31"},  # outside the period
        {**good_rows[1], "station": other_station.name},  # the other street's station
        {**good_rows[1], "content": "已有的意见", "received_on": "2025-04-01"},  # already recorded
        {**good_rows[1], "deputy": "不存在的代表", "handling_unit": "不存在的单位"},
        {**good_rows[1], "content": Formula("=1+1")},
        street_row,  # the same row twice
    ]
    with translation.override("zh-hans"):
        response = post(street_staff, rows)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url()
    assert job.status == ImportJob.Status.FAILED
    by_row = problems_by_row(job)
    assert set(by_row) == {3, 4, 5, 6, 7, 8}
    assert "期间" in by_row[3][0]
    assert other_station.name in by_row[4][0]
    assert "已" in by_row[5][0]
    assert len(by_row[6]) == 2
    assert "公式" in by_row[7][0]
    assert "2" in by_row[8][0]
    assert Opinion.objects.count() == 1
    page = street_staff.get(job.get_absolute_url()).content.decode()
    assert "公式" in page


def test_the_same_file_is_refused_the_second_time(committee_staff, good_rows):
    data = workbook_bytes(OPINIONS.columns, good_rows)
    post(committee_staff, good_rows, data)
    response = post(committee_staff, good_rows, data, name="again.xlsx")
    assert response.status_code == 200
    assert "2025.xlsx" in response.context["form"].errors["file"][0]
    assert Opinion.objects.count() == 2 and ImportJob.objects.count() == 1


def test_a_file_that_failed_may_come_again_once_mended(committee_staff, good_rows, station):
    bad = [{**good_rows[0], "station": "无此站"}]
    post(committee_staff, bad)
    post(committee_staff, bad)
    assert ImportJob.objects.filter(status=ImportJob.Status.FAILED).count() == 2


def test_a_large_file_goes_to_the_worker_and_shows_its_progress(committee_staff, good_rows, settings):
    settings.RECORDS_IMPORT_INLINE_MAX_BYTES = 10
    response = post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and Opinion.objects.count() == 0
    assert committee_staff.get(response.url).status_code == 200
    status = reverse("imports:status", args=[job.pk])
    assert committee_staff.get(status).json() == {"status": "queued", "progress": 0, "rows": 0}
    import_opinions(job.pk)
    assert committee_staff.get(status).json() == {"status": "done", "progress": 100, "rows": 2}
    import_opinions(job.pk)  # a redelivered task changes nothing
    assert Opinion.objects.count() == 2


def test_the_template_reads_back_with_its_columns(committee_staff):
    response = committee_staff.get(reverse("voters:import_template"))
    assert response.status_code == 200
    rows = rows_of(read_cells(response.content), OPINIONS.columns)
    assert set(rows[0].values) == {column.key for column in OPINIONS.columns}


def test_a_workbook_without_the_required_columns_is_refused(committee_staff):
    data = workbook_bytes(OPINIONS.columns[:2], [{"station": "x"}])
    committee_staff.post(reverse("voters:import"), {"file": SimpleUploadedFile("x.xlsx", data), **PERIOD})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED and job.problems[0][0] == 1


def checked_rows(actor, rows):
    checked = rows_of(read_cells(workbook_bytes(OPINIONS.columns, rows)), OPINIONS.columns)
    OPINIONS.check(checked, actor=actor, params=PERIOD)
    assert not [row.errors for row in checked if row.errors]
    return checked


def many_rows(station, deputy_record, handling_unit, count, tag):
    """Rows of every kind: known and new voters (some twice), closed with a return visit, or just received."""
    return [
        {
            "station": station.name,
            "channel": "Phone",
            "received_on": date(2025, 1 + number % 12, 1 + number % 28),
            "voter_name": "王五" if number % 3 else "",
            "voter_phone": f"139{number % (count // 2):08d}" if number % 3 else "",
            "content": f"{tag} 第 {number} 条：路灯不亮",
            "deputy": deputy_record.name if number % 2 else "",
            "route": "转街道办事处办理" if number % 2 else "",
            "handling_unit": handling_unit.name if number % 2 else "",
            "outcome": "已关闭" if number % 2 else "已收到",
            "reply": "已修复" if number % 2 else "",
            "finished_on": "2025-12-30" if number % 2 else "",
        }
        for number in range(count)
    ]


# SQLite splits a bulk insert by its limit on a statement's parameters: there the count grows by one per
# some thirty rows; PostgreSQL, which the product runs on, writes each table's rows of a chunk at once.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite splits bulk inserts by parameter count")
def test_writing_costs_the_same_queries_for_20_rows_as_for_200(
    staff_user, station, deputy_record, handling_unit, django_assert_num_queries
):
    # Found again and completed: one by each file.
    VoterFactory(station=station, phone="+8613900000001", name="")
    VoterFactory(station=station, phone="+8613900000050", name="")
    job = ImportJob(filename="2024.xlsx")
    small = checked_rows(staff_user, many_rows(station, deputy_record, handling_unit, 20, "甲"))
    with CaptureQueriesContext(connection) as counted:
        OPINIONS.write_rows(small, actor=staff_user, job=job)
    large = checked_rows(staff_user, many_rows(station, deputy_record, handling_unit, 200, "乙"))
    with django_assert_num_queries(len(counted.captured_queries)):
        OPINIONS.write_rows(large, actor=staff_user, job=job)
    assert Opinion.objects.count() == 220 and Opinion.history.count() == 220
    assert OpinionEvent.objects.filter(kind=OpinionEvent.Kind.IMPORTED).count() == 220
    assert ReturnVisit.objects.count() == 110
    # One voter per phone of the station's network, whichever file and row brought it.
    assert set(
        Voter.objects.filter(phone__in=["+8613900000001", "+8613900000050"]).values_list("name", flat=True)
    ) == {"王五"}
    assert Voter.objects.exclude(phone="").count() == 100
