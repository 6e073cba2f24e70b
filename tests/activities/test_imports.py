"""Last years' activities with their attendance brought in from a workbook (issue 15): held, recorded
later, marked imported, counted in the figures and duty records, reminding nobody; every bad row named."""

from datetime import date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.derivation import derive
from assessments.models import DutyRecord
from assessments.periods import year_period
from assessments.report_figures import scope_for, summary
from liaison.activities.imports import ACTIVITIES
from liaison.activities.models import Activity, ActivityEvent, Invitation
from liaison.activities.reminders import followups_plan
from liaison.activities.tasks import import_activities
from liaison.core.imports import read_cells, rows_of
from liaison.imports.models import ImportJob
from liaison.notifications.models import Notification
from tests.activities.factories import ActivityFactory
from tests.core.workbooks import Formula, problems_by_row, upload, workbook_bytes
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db
PERIOD = {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.fixture
def second_deputy(station):
    deputy = DeputyFactory(name="王秀英")
    MandateFactory(deputy=deputy)
    StationingFactory(deputy=deputy, station=station)
    return deputy


@pytest.fixture
def good_rows(station, deputy_record, second_deputy):
    return [
        {
            "station": station.name,
            "kind": "接待选民日",
            "date": date(2025, 3, 8),
            "starts": time(9),
            "ends": "11:30",
            "present": deputy_record.name,
            "leave": second_deputy.name,
            "voters": 12,
            "summary": "接待选民12人次",
        },
        {
            "station": station.name,
            "kind": "Training",
            "date": "2025/6/1",
            "title": "代表履职培训",
            "place": "街道会议室",
            "present": f"{deputy_record.name}、{second_deputy.name}",
        },
    ]


def post(client, rows, data=None, name="活动2025.xlsx"):
    return client.post(
        reverse("activities:import"), {"file": upload(ACTIVITIES.columns, rows, name, data), **PERIOD}
    )


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_good_file_records_held_activities_counted_everywhere(
    street_staff, good_rows, station, deputy_record, second_deputy
):
    response = post(street_staff, good_rows)
    job = ImportJob.objects.get()
    assert response.url == job.get_absolute_url() and job.status == ImportJob.Status.DONE
    day = Activity.objects.get(kind=Activity.Kind.RECEPTION)
    assert day.status == Activity.Status.DONE and day.recorded_later and day.station == station
    assert (day.starts_at, day.ends_at) == (at(date(2025, 3, 8), 9), at(date(2025, 3, 8), 11, 30))
    assert day.voters_received == 12 and day.summary == "接待选民12人次"
    assert dict(day.invitations.values_list("deputy__name", "attendance")) == {
        deputy_record.name: Invitation.Attendance.PRESENT,
        second_deputy.name: Invitation.Attendance.LEAVE,
    }
    training = Activity.objects.get(kind=Activity.Kind.TRAINING)
    assert training.title == "代表履职培训" and training.place == "街道会议室"
    assert training.ends_at > training.starts_at == at(date(2025, 6, 1), 9)
    imported = ActivityEvent.objects.filter(kind=ActivityEvent.Kind.IMPORTED)
    assert imported.count() == 2 and all("活动2025.xlsx" in event.note for event in imported)
    assert day.events.filter(kind=ActivityEvent.Kind.RECORDED_LATER).exists()
    # Announced to nobody, and reminding nobody, even on the days a missing summary is reminded of.
    followups_plan(now=training.ends_at + timedelta(days=4))
    assert not Notification.objects.exists()
    # Counted in the year's figures and, once derived, in the deputies' duty records.
    _rows, totals = summary(year_period(2025), scope_for(station))
    assert totals["reception_days"] == 1 and totals["voters"] == 12 and totals["deputies_attending"] == 2
    derive(year_period(2025))
    attended = DutyRecord.objects.filter(source=DutyRecord.Source.ATTENDANCE)
    assert sorted(attended.values_list("deputy__name", flat=True)) == sorted(
        [deputy_record.name, deputy_record.name, second_deputy.name]
    )
    assert street_staff.get(day.get_absolute_url()).status_code == 200


def test_every_bad_row_is_reported_and_nothing_is_written(
    street_staff, good_rows, station, other_station, other_deputy_record
):
    ActivityFactory(station=station, kind=Activity.Kind.TRAINING, starts_at=at(date(2025, 4, 2), 14))
    rows = [
        good_rows[0],
        {**good_rows[1], "date": "2024-12-31"},  # outside the period
        {**good_rows[1], "station": other_station.name},  # the other street's station
        {**good_rows[1], "station": "无此联络站"},
        {**good_rows[1], "present": other_deputy_record.name},  # a deputy out of the staff's scope
        {**good_rows[1], "present": "不存在的代表"},
        {**good_rows[1], "date": "2025-04-02", "starts": "14:00"},  # already recorded
        {**good_rows[1], "summary": Formula("=1+1")},
        good_rows[0],  # the same activity twice
    ]
    with translation.override("zh-hans"):
        post(street_staff, rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    by_row = problems_by_row(job)
    assert set(by_row) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "期间" in by_row[3][0]
    assert other_station.name in by_row[4][0] and "无此联络站" in by_row[5][0]
    assert other_deputy_record.name in by_row[6][0] and "不存在的代表" in by_row[7][0]
    assert "已" in by_row[8][0] and "公式" in by_row[9][0] and "2" in by_row[10][0]
    assert Activity.objects.count() == 1 and not Invitation.objects.exists()
    assert "公式" in street_staff.get(job.get_absolute_url()).content.decode()


def test_a_row_without_attendance_or_with_bad_cells_is_refused(committee_staff, good_rows):
    rows = [
        {**good_rows[1], "present": ""},
        {**good_rows[1], "absent": good_rows[1]["present"].split("、")[0]},  # present and absent
        {**good_rows[1], "voters": 3},  # voters received belong to a reception day
        {**good_rows[1], "starts": "25:00", "ends": "8:00"},
    ]
    post(committee_staff, rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.FAILED
    assert sorted({number for number, _message in job.problems}) == [2, 3, 4, 5]
    assert not Activity.objects.exists()


def test_the_same_file_is_refused_the_second_time(committee_staff, good_rows):
    data = workbook_bytes(ACTIVITIES.columns, good_rows)
    post(committee_staff, good_rows, data)
    response = post(committee_staff, good_rows, data, name="again.xlsx")
    assert response.status_code == 200
    assert "活动2025.xlsx" in response.context["form"].errors["file"][0]
    assert Activity.objects.count() == 2 and ImportJob.objects.count() == 1


def test_a_large_file_goes_to_the_worker(committee_staff, good_rows, settings):
    settings.RECORDS_IMPORT_INLINE_MAX_BYTES = 10
    post(committee_staff, good_rows)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED and not Activity.objects.exists()
    import_activities(job.pk)
    import_activities(job.pk)  # a redelivered task changes nothing
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Activity.objects.count() == 2


def test_the_template_reads_back_with_its_columns(committee_staff):
    response = committee_staff.get(reverse("activities:import_template"))
    assert response.status_code == 200
    rows = rows_of(read_cells(response.content), ACTIVITIES.columns)
    assert set(rows[0].values) == {column.key for column in ACTIVITIES.columns}
