"""The activities book and the receptions book (一册四簿): a workbook with typed cells, a print view and a
PDF over a period and a station, each listing the officer's rows and no other station's."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liaison.activities.models import Activity, Invitation, VisitEntry
from tests.activities.factories import ActivityFactory, VisitFactory
from tests.books import needs_pdf_engine, pdf_text, printed_rows

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 16)
PERIOD = {"start": "2026-03-01", "end": "2026-03-31"}


def _moment(hour):
    return timezone.make_aware(datetime(DAY.year, DAY.month, DAY.day, hour))


@pytest.fixture
def held(station, officer_user, deputy_record):
    activity = ActivityFactory(
        station=station,
        organiser=officer_user,
        title="三月代表培训",
        starts_at=_moment(9),
        ends_at=_moment(11),
        status=Activity.Status.DONE,
        summary="学习代表法。",
    )
    Invitation.objects.create(
        activity=activity, deputy=deputy_record, attendance=Invitation.Attendance.PRESENT
    )
    return activity


@pytest.fixture
def elsewhere(other_station, other_officer_user):
    return ActivityFactory(
        station=other_station, organiser=other_officer_user, title="西湖调研", starts_at=_moment(14)
    )


def _sheet(response):
    assert response.status_code == 200
    return [list(row) for row in load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows()]


def test_the_activities_workbook_types_its_cells_and_keeps_to_the_officers_stations(officer, held, elsewhere):
    header, *rows = _sheet(officer.get(reverse("activities:activity_book_export"), PERIOD))
    assert header[0].value == "序号" and header[2].value == "活动"
    [row] = rows
    assert row[0].value == 1 and row[0].data_type == "n"
    assert row[1].is_date and row[1].value == datetime(2026, 3, 16, 9, 0)
    assert row[2].value == "三月代表培训"
    assert (row[7].value, row[8].value) == (1, 1) and row[8].data_type == "n"  # invited, present
    assert row[9].value == "陈建国"


def test_the_activities_book_prints_the_period_only_and_leaves_cancelled_ones_out(
    officer, station, officer_user, held
):
    ActivityFactory(station=station, organiser=officer_user, starts_at=_moment(9) + timedelta(days=30))
    ActivityFactory(
        station=station, organiser=officer_user, starts_at=_moment(15), status=Activity.Status.CANCELLED
    )
    rows = printed_rows(officer.get(reverse("activities:activity_book_print"), PERIOD))
    assert [(row[0], row[1], row[2]) for row in rows] == [("1", "2026-03-16 09:00", "三月代表培训")]


def test_another_stations_officer_prints_none_of_these_activities(other_officer, held, elsewhere):
    rows = printed_rows(other_officer.get(reverse("activities:activity_book_print"), PERIOD))
    assert [row[2] for row in rows] == ["西湖调研"]


def test_a_station_picked_narrows_the_book_and_a_foreign_one_is_refused(
    committee_staff, officer, held, elsewhere, other_station
):
    query = {**PERIOD, "station": other_station.pk}
    rows = printed_rows(committee_staff.get(reverse("activities:activity_book_print"), query))
    assert [row[2] for row in rows] == ["西湖调研"]
    response = officer.get(reverse("activities:activity_book_print"), query)
    assert response.status_code == 302 and response["Location"].startswith(reverse("activities:list"))
    assert officer.get(response["Location"]).context["book_form"].errors  # the list says why


@pytest.fixture
def reception(point, officer_user, deputy_record):
    visit = VisitFactory(station=point, officer=officer_user, date=DAY, summary="群众反映停车难。")
    visit.deputies.add(deputy_record)
    VisitEntry.objects.create(visit=visit, voter_name="王小明", voter_phone="13800001111", raised="路灯坏了")
    return visit


def test_the_receptions_workbook_types_its_cells(officer, reception):
    _header, *rows = _sheet(officer.get(reverse("activities:reception_book_export"), PERIOD))
    [row] = rows
    assert row[1].is_date and row[1].value == datetime(2026, 3, 16)
    assert row[7].value == 3 and row[7].data_type == "n"
    assert row[8].value == "王*明：路灯坏了"  # masked, and no phone in the book
    assert "13800001111" not in str([cell.value for cell in row])


def test_the_receptions_book_prints_the_officers_visits_only(officer, other_officer, reception):
    [row] = printed_rows(officer.get(reverse("activities:reception_book_print"), PERIOD))
    assert row[1:4] == ["2026-03-16", "接访", "桂花社区联络点"]
    assert printed_rows(other_officer.get(reverse("activities:reception_book_print"), PERIOD)) == [
        ["此筛选条件下本簿没有记录。"]
    ]


def test_the_lists_offer_their_book(officer, held):
    page = officer.get(reverse("activities:list")).content.decode()
    assert 'formaction="/activities/book/pdf/"' in page
    page = officer.get(reverse("activities:visits")).content.decode()
    assert 'formaction="/visits/book/print/"' in page


@needs_pdf_engine
def test_the_books_pdfs_hold_the_stations_rows(officer, held, elsewhere, reception):
    text = pdf_text(officer.get(reverse("activities:activity_book_pdf"), PERIOD))
    assert "活动登记簿" in text and "三月代表培训" in text and "西湖调研" not in text
    text = pdf_text(officer.get(reverse("activities:reception_book_pdf"), PERIOD))
    assert "接待登记簿" in text and "王*明：路灯坏了" in text
