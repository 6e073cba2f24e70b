"""Sessions and meetings recorded once with their roll (seeds 002-004): the roll becomes duty records at once,
saving again doubles nothing, a deputy of another level is refused with the row named."""

from datetime import date

import pytest
from django.urls import reverse

from assessments.models import DutyKind, DutyRecord, Seat, Sitting, SittingEvent
from assessments.sittings import (
    ROLL_COLUMNS,
    RollEntry,
    sitting_change,
    sitting_invite,
    sitting_record,
    sitting_roll_import,
    sitting_roll_save,
    speech_add,
)
from deputies.models import Level
from liaison.core.errors import ActionRefused
from liaison.core.imports import ImportProblems
from tests.assessments.factories import at, suggestion
from tests.core.workbooks import workbook_bytes
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 6, 18)


def _deputies(point, count, level=Level.COUNTY):
    found = []
    for index in range(count):
        deputy = DeputyFactory(name=f"代表{level}{index:03d}")
        MandateFactory(deputy=deputy, level=level)
        StationingFactory(deputy=deputy, station=point)
        found.append(deputy)
    return found


@pytest.fixture
def sitting(street_staff_user):
    return sitting_record(
        actor=street_staff_user,
        kind=Sitting.Kind.STANDING_COMMITTEE,
        level=Level.COUNTY,
        title="第二十次会议",
        starts_on=DAY,
    )


def _records(sitting):
    return DutyRecord.objects.filter(source=DutyRecord.Source.SITTING, date=sitting.starts_on)


def test_the_roll_becomes_duty_records_at_once_and_saving_again_doubles_nothing(
    sitting, street_staff_user, point
):
    present, leave, absent = _deputies(point, 3)
    entries = [
        RollEntry(present, Seat.Attendance.PRESENT),
        RollEntry(leave, Seat.Attendance.LEAVE),
        RollEntry(absent, Seat.Attendance.ABSENT),
    ]
    assert sitting.jurisdiction == street_staff_user.jurisdiction
    assert sitting_roll_save(sitting=sitting, actor=street_staff_user, entries=entries) == (3, 0, 0)
    kinds = dict(_records(sitting).values_list("deputy_id", "kind"))
    assert kinds == {present.pk: DutyKind.STANDING_COMMITTEE, absent.pk: DutyKind.ABSENCE}
    keys = set(_records(sitting).values_list("pk", "source_key"))

    assert sitting_roll_save(sitting=sitting, actor=street_staff_user, entries=entries) == (0, 0, 0)
    assert set(_records(sitting).values_list("pk", "source_key")) == keys

    # Changed later: the absent one had leave after all, the one on leave came; the records follow in place.
    entries[1], entries[2] = (
        RollEntry(leave, Seat.Attendance.PRESENT),
        RollEntry(absent, Seat.Attendance.LEAVE),
    )
    assert sitting_roll_save(sitting=sitting, actor=street_staff_user, entries=entries[:2]) == (0, 1, 1)
    assert dict(_records(sitting).values_list("deputy_id", "kind")) == {
        present.pk: DutyKind.STANDING_COMMITTEE,
        leave.pk: DutyKind.STANDING_COMMITTEE,
    }
    assert sitting.events.filter(kind=SittingEvent.Kind.ROLL_SAVED).count() == 3


def test_a_congress_session_counts_as_such_and_a_moved_date_moves_the_records(street_staff_user, point):
    (deputy,) = _deputies(point, 1)
    sitting = sitting_record(
        actor=street_staff_user,
        kind=Sitting.Kind.CONGRESS,
        level=Level.COUNTY,
        title="区第十八届人大第四次会议",
        starts_on=DAY,
    )
    sitting_roll_save(
        sitting=sitting, actor=street_staff_user, entries=[RollEntry(deputy, Seat.Attendance.PRESENT)]
    )
    sitting_change(sitting=sitting, actor=street_staff_user, starts_on=date(2025, 1, 8))
    record = DutyRecord.objects.get(source=DutyRecord.Source.SITTING)
    assert (record.kind, record.date) == (DutyKind.CONGRESS_SESSION, date(2025, 1, 8))


def test_a_deputy_of_another_level_is_refused_and_nothing_written(sitting, street_staff_user, point):
    (ours,) = _deputies(point, 1)
    (township,) = _deputies(point, 1, Level.TOWNSHIP)
    entries = [RollEntry(ours, Seat.Attendance.PRESENT), RollEntry(township, Seat.Attendance.PRESENT)]
    with pytest.raises(ActionRefused, match=township.name):
        sitting_roll_save(sitting=sitting, actor=street_staff_user, entries=entries)
    assert not sitting.seats.exists()
    assert not DutyRecord.objects.exists()


def test_the_import_names_every_bad_row_and_writes_nothing(sitting, street_staff_user, point):
    (ours,) = _deputies(point, 1)
    (township,) = _deputies(point, 1, Level.TOWNSHIP)
    rows = [
        {"deputy": ours.name, "attendance": "出席"},
        {"deputy": township.name, "attendance": "出席"},
        {"deputy": "无此人", "attendance": "请假"},
        {"deputy": ours.name, "attendance": "迟到"},
    ]
    with pytest.raises(ImportProblems) as raised:
        sitting_roll_import(sitting=sitting, actor=street_staff_user, data=workbook_bytes(ROLL_COLUMNS, rows))
    rows_named = {number for number, _message in raised.value.problems}
    assert rows_named == {3, 4, 5}
    assert any(number == 3 and township.name in message for number, message in raised.value.problems)
    assert not sitting.seats.exists()


def test_a_good_import_seats_and_invites(sitting, street_staff_user, point):
    member, guest = _deputies(point, 2)
    rows = [
        {"deputy": member.name, "attendance": "缺席"},
        {"deputy": guest.name, "attendance": "出席", "topic": "垃圾分类"},
    ]
    assert sitting_roll_import(
        sitting=sitting, actor=street_staff_user, data=workbook_bytes(ROLL_COLUMNS, rows)
    ) == (2, 0)
    seat = sitting.seats.get(deputy=guest)
    assert (seat.role, seat.topic) == (Seat.Role.INVITED, "垃圾分类")
    assert dict(_records(sitting).values_list("deputy_id", "kind")) == {
        member.pk: DutyKind.ABSENCE,
        guest.pk: DutyKind.STANDING_COMMITTEE,
    }


def test_invited_by_topic_and_speeches_count(sitting, street_staff_user, point, officer_user):
    deputy, other = _deputies(point, 2)
    suggestion(deputy, street_staff_user, at(date(2025, 5, 1)), title="关于推进垃圾分类的建议")
    assert sitting_invite(sitting=sitting, actor=street_staff_user, deputies=[deputy], topic="垃圾分类") == 1
    speech_add(
        sitting=sitting, actor=street_staff_user, deputy=deputy, topic="垃圾分类", text="建议增设回收点"
    )
    assert DutyRecord.objects.get(source=DutyRecord.Source.SPEECH).kind == DutyKind.SPEECH
    with pytest.raises(ActionRefused):
        speech_add(sitting=sitting, actor=street_staff_user, deputy=other, topic="未到会")
    with pytest.raises(ActionRefused):
        sitting_invite(sitting=sitting, actor=officer_user, deputies=[other], topic="x")


def test_the_sitting_page_suggests_related_proposers(street_staff, street_staff_user, sitting, point):
    deputy, _other = _deputies(point, 2)
    suggestion(deputy, street_staff_user, at(date(2025, 5, 1)), title="关于推进垃圾分类的建议")
    page = street_staff.get(sitting.get_absolute_url(), {"topic": "垃圾分类"})
    assert page.status_code == 200
    assert deputy.name in page.content.decode().split('id="suggested"')[1].split("</ul>")[0]


def test_staff_take_the_roll_on_one_page(street_staff, sitting, point):
    present, absent = _deputies(point, 2)
    url = reverse("assessments:sitting_roll", args=[sitting.pk])
    assert street_staff.get(url).status_code == 200
    response = street_staff.post(url, {f"d{present.pk}": "present", f"d{absent.pk}": "absent"})
    assert response.status_code == 302
    assert dict(sitting.seats.values_list("deputy_id", "attendance")) == {
        present.pk: "present",
        absent.pk: "absent",
    }
    assert _records(sitting).count() == 2


def test_staff_import_through_the_page_and_see_the_bad_rows(street_staff, sitting, point):
    (ours,) = _deputies(point, 1)
    (township,) = _deputies(point, 1, Level.TOWNSHIP)
    from tests.core.workbooks import upload

    rows = [{"deputy": ours.name, "attendance": "出席"}, {"deputy": township.name, "attendance": "出席"}]
    url = reverse("assessments:sitting_roll_import", args=[sitting.pk])
    page = street_staff.post(url, {"file": upload(ROLL_COLUMNS, rows)})
    assert page.status_code == 200
    assert township.name in page.content.decode().split('id="problems"')[1]
    assert not sitting.seats.exists()


@pytest.mark.parametrize("size", [2, 20])
def test_the_sitting_page_reads_a_bounded_number_of_queries(
    street_staff, sitting, point, street_staff_user, size, django_assert_num_queries
):
    deputies = _deputies(point, size)
    sitting_roll_save(
        sitting=sitting,
        actor=street_staff_user,
        entries=[RollEntry(d, Seat.Attendance.PRESENT) for d in deputies],
    )
    for deputy in deputies[:2]:
        speech_add(sitting=sitting, actor=street_staff_user, deputy=deputy, topic="发言")
    with django_assert_num_queries(QUERIES):
        assert street_staff.get(sitting.get_absolute_url()).status_code == 200


QUERIES = 15


def test_the_duty_archive_shows_the_sitting_and_the_speech(street_staff, sitting, street_staff_user, point):
    (deputy,) = _deputies(point, 1)
    sitting_roll_save(
        sitting=sitting, actor=street_staff_user, entries=[RollEntry(deputy, Seat.Attendance.PRESENT)]
    )
    speech_add(sitting=sitting, actor=street_staff_user, deputy=deputy, topic="养老服务")
    page = street_staff.get(reverse("assessments:archive", args=[deputy.pk]), {"year": 2025})
    text = page.content.decode()
    assert page.status_code == 200
    assert "第二十次会议 · 养老服务" in text and "会议签到" in text


def test_the_quarterly_workbook_lists_attendance_and_speeches(sitting, street_staff_user, point):
    import io

    from django.utils.translation import gettext as T
    from openpyxl import load_workbook

    from assessments.periods import quarter_period
    from assessments.report_figures import scope_for
    from assessments.reports import quarterly_workbook

    present, absent = _deputies(point, 2)
    entries = [RollEntry(present, Seat.Attendance.PRESENT), RollEntry(absent, Seat.Attendance.ABSENT)]
    sitting_roll_save(sitting=sitting, actor=street_staff_user, entries=entries)
    speech_add(sitting=sitting, actor=street_staff_user, deputy=present, topic="养老服务")
    buffer = io.BytesIO()
    quarterly_workbook(quarter_period(2025, 2), scope_for(None, street_staff_user)).save(buffer)
    rows = list(load_workbook(buffer)[T("Sessions and meetings")].values)
    by_deputy = {row[3]: row for row in rows[2:-1]}
    assert by_deputy[present.name][6:] == (str(Seat.Attendance.PRESENT.label), "养老服务")
    assert by_deputy[absent.name][6] == str(Seat.Attendance.ABSENT.label)
    assert rows[-1][-1] == 1
