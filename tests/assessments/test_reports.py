"""The quarterly report workbook: reopened and checked figure by figure against the database and its own
detail sheets; user text never becomes a formula; large exports run as a job."""

import io
import zipfile
from collections import Counter
from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext as T
from openpyxl import load_workbook

from assessments.models import ExportJob
from liaison.activities.models import Activity, Invitation, Visit
from suggestions.models import Suggestion
from tests.assessments.factories import (
    ActivityFactory,
    InvitationFactory,
    VisitFactory,
    at,
    opinion,
    suggestion,
)
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory
from voters.models import Channel, Opinion, Route

YEAR = 2025
INJECTIONS = ['=HYPERLINK("http://evil","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.fixture
def street_year(station, point, other_station, deputy_record, other_deputy_record, handling_unit, staff_user):
    extra = DeputyFactory(name="周明")
    StationingFactory(deputy=extra, station=station, since=date(2022, 1, 1), until=None)
    group = ActivityFactory(
        kind=Activity.Kind.GROUP,
        station=station,
        starts_at=at(date(YEAR, 2, 3)),
        ends_at=at(date(YEAR, 2, 3), 11),
    )
    reception = ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        station=point,
        starts_at=at(date(YEAR, 2, 15)),
        ends_at=at(date(YEAR, 2, 15), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        station=point,
        status=Activity.Status.PUBLISHED,
        starts_at=at(date(YEAR, 3, 15)),
        ends_at=at(date(YEAR, 3, 15), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.TRAINING,
        station=station,
        status=Activity.Status.CANCELLED,
        starts_at=at(date(YEAR, 3, 1)),
        ends_at=at(date(YEAR, 3, 1), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.THEME,
        station=station,
        starts_at=at(date(YEAR, 3, 5)),
        ends_at=at(date(YEAR, 3, 5), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.GROUP,
        station=None,
        starts_at=at(date(YEAR, 3, 9)),
        ends_at=at(date(YEAR, 3, 9), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.GROUP,
        station=other_station,
        starts_at=at(date(YEAR, 1, 20)),
        ends_at=at(date(YEAR, 1, 20), 11),
    )
    ActivityFactory(
        kind=Activity.Kind.GROUP,
        station=station,
        starts_at=at(date(YEAR, 5, 1)),
        ends_at=at(date(YEAR, 5, 1), 11),
    )
    InvitationFactory(activity=group, deputy=deputy_record)
    InvitationFactory(activity=group, deputy=extra)
    InvitationFactory(activity=reception, deputy=deputy_record)
    InvitationFactory(activity=reception, deputy=extra, attendance=Invitation.Attendance.ABSENT)
    # The reception day received 10 voters, the 7 of its visit among them (liaison/activities/figures.py).
    reception.voters_received = 10
    reception.save(update_fields=["voters_received"])
    VisitFactory(
        station=point,
        date=date(YEAR, 2, 15),
        voters_met=7,
        deputies=[deputy_record],
        summary=INJECTIONS[0],
        activity=reception,
    )
    VisitFactory(
        station=station, kind=Visit.Kind.VISIT, date=date(YEAR, 3, 2), voters_met=4, deputies=[extra]
    )
    VisitFactory(station=other_station, date=date(YEAR, 3, 2), voters_met=9, deputies=[other_deputy_record])
    for index, content in enumerate(INJECTIONS):
        opinion(
            point if index % 2 else station,
            deputy_record,
            at(date(YEAR, 1 + index % 3, 5 + index)),
            content=content,
            channel=[Channel.RECEPTION, Channel.PHONE, Channel.ONLINE][index % 3],
            route=["", Route.STREET_OFFICE, Route.SUGGESTION][index % 3],
        )
    opinion(station, None, at(date(YEAR, 2, 1)), status=Opinion.Status.WITHDRAWN)
    opinion(other_station, other_deputy_record, at(date(YEAR, 2, 1)), channel=Channel.WECHAT)
    closed = {
        "status": Suggestion.Status.CLOSED,
        "rating": Suggestion.Rating.SATISFIED,
        "lead_unit": handling_unit,
    }
    suggestion(deputy_record, staff_user, at(date(YEAR, 1, 10)), **closed, title="=cmd|' /C calc'!A0")
    suggestion(
        deputy_record,
        staff_user,
        at(date(YEAR, 1, 11)),
        **{**closed, "rating": Suggestion.Rating.UNSATISFIED},
    )
    suggestion(
        extra, staff_user, at(date(YEAR, 2, 11)), status=Suggestion.Status.REPLIED, lead_unit=handling_unit
    )
    suggestion(
        extra, staff_user, at(date(YEAR, 2, 12)), status=Suggestion.Status.ASSIGNED, lead_unit=handling_unit
    )
    suggestion(other_deputy_record, staff_user, at(date(YEAR, 2, 12)), status=Suggestion.Status.REGISTERED)
    suggestion(extra, staff_user, at(date(YEAR, 2, 13)), status=Suggestion.Status.REJECTED)
    return {"extra": extra}


def _download(client, **params):
    query = {"span": "quarter", "year": YEAR, "quarter": 1, **params}
    response = client.get(reverse("assessments:report"), query)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return response.content


def _rows(sheet):
    """Header (row 2) and data rows as dicts, without the title row and the totals row."""
    values = list(sheet.iter_rows(values_only=True))
    header = values[1]
    return [dict(zip(header, row, strict=False)) for row in values[2:-1]], dict(
        zip(header, values[-1], strict=False)
    )


def check_figures(book):
    """Every figure of the summary equals what its detail sheets hold, station by station, and in total."""
    summary, totals = _rows(book[T("Overview")])
    by_station = {row[T("Station")]: row for row in summary}
    activities, _total = _rows(book[T("Activities")])
    visits, _total = _rows(book[T("Visits")])
    opinions, _total = _rows(book[T("Opinions")])
    suggestions, _total = _rows(book[T("Suggestions")])
    RECEPTION = str(Activity.Kind.RECEPTION.label)
    DONE, CLOSED = str(Activity.Status.DONE.label), str(Suggestion.Status.CLOSED.label)
    SATISFIED, BASICALLY = str(Suggestion.Rating.SATISFIED.label), str(Suggestion.Rating.BASICALLY.label)
    for name, row in by_station.items():
        here = [a for a in activities if a[T("Station")] == name]
        for _kind, label in Activity.Kind.choices:
            assert row[T("Activities: %(kind)s") % {"kind": label}] == sum(
                1 for a in here if a[T("Kind")] == label
            ), (name, label)
        assert row[T("Reception days held")] == sum(
            1 for a in here if a[T("Kind")] == RECEPTION and a[T("Status")] == DONE
        )
        # A reception day's voters (Activities), and those of the visits not counted through a day (Visits).
        assert row[T("Voters received")] == sum(a[T("Voters received")] for a in here) + sum(
            v[T("Counted as voters received")] for v in visits if v[T("Station")] == name
        )
        mine = [o for o in opinions if o[T("Station")] == name]
        assert row[T("Opinions received")] == len(mine)
        for _key, label in Channel.choices:
            assert row[T("Opinions by channel: %(channel)s") % {"channel": label}] == sum(
                1 for o in mine if o[T("Channel")] == label
            )
        for _key, label in Route.choices:
            assert row[T("Opinions by route: %(route)s") % {"route": label}] == sum(
                1 for o in mine if o[T("Route")] == label
            )
        proposed = [s for s in suggestions if s[T("Station")] == name]
        assert row[T("Suggestions received")] == len(proposed)
        assert row[T("Suggestions completed")] == sum(1 for s in proposed if s[T("Status")] == CLOSED)
        assert row[T("Suggestions evaluated")] == sum(1 for s in proposed if s[T("Evaluation")])
        assert row[T("Satisfied")] == sum(1 for s in proposed if s[T("Evaluation")] == SATISFIED)
        assert row[T("Satisfied or basically satisfied")] == sum(
            1 for s in proposed if s[T("Evaluation")] in (SATISFIED, BASICALLY)
        )
        for column in (T("Replied on time"), T("Overdue on the day made")):
            assert row[column] == sum(1 for s in proposed if s[column] == T("yes")), (name, column)

    assert totals[T("Voters received")] == sum(a[T("Voters received")] for a in activities) + sum(
        v[T("Counted as voters received")] for v in visits
    )
    assert totals[T("Opinions received")] == len(opinions)
    assert totals[T("Suggestions received")] == len(suggestions)
    assert sum(
        totals[T("Activities: %(kind)s") % {"kind": label}] for _k, label in Activity.Kind.choices
    ) == len(activities)


def test_the_summary_equals_the_detail_sheets_and_the_database(
    committee_staff, street_year, station, point, other_station
):
    content = _download(committee_staff)
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        T("Overview"),
        T("Streets"),
        T("Activities"),
        T("Visits"),
        T("Opinions"),
        T("Suggestions"),
        T("Units"),
        T("Sessions and meetings"),
        T("Monthly consultations"),
        T("Reports to voters"),
        T("Livelihood projects"),
        T("Scores"),
    ]
    summary, totals = _rows(book[T("Overview")])
    # Chinese headers, whatever the catalogue that translates each one.
    assert all(
        any("\u4e00" <= char <= "\u9fff" for char in str(cell.value)) for cell in book[T("Overview")][2]
    )
    by_station = {row[T("Station")]: row for row in summary}
    RECEPTION, GROUP = str(Activity.Kind.RECEPTION.label), str(Activity.Kind.GROUP.label)
    opinions, _total = _rows(book[T("Opinions")])
    suggestions, _total = _rows(book[T("Suggestions")])
    check_figures(book)

    # Against the database.
    assert (
        by_station[station.name][T("Activities: %(kind)s") % {"kind": GROUP}] == 1
    )  # the May one is outside Q1
    assert by_station[point.name][T("Activities: %(kind)s") % {"kind": RECEPTION}] == 2
    # A theme activity (主题实践活动, seed 000) is counted as itself, not as research and inspection.
    assert by_station[station.name][T("Activities: %(kind)s") % {"kind": T("Theme activity")}] == 1
    assert by_station[station.name][T("Activities: %(kind)s") % {"kind": T("Research and inspection")}] == 0
    assert by_station[point.name][T("Reception days held")] == 1
    assert by_station[station.name][T("Deputies attending")] == 2
    assert by_station[T("No station")][T("Activities: %(kind)s") % {"kind": GROUP}] == 1
    # The day's 10 and the 4 and 9 of the visits of no day; its own visit's 7 are not counted again.
    assert totals[T("Voters received")] == 10 + 4 + 9
    activity_rows, activity_totals = _rows(book[T("Activities")])
    assert [a[T("Voters received")] for a in activity_rows if a[T("Kind")] == RECEPTION] == [10, 0]
    assert activity_totals[T("Voters received")] == 10
    visit_rows, _total = _rows(book[T("Visits")])
    assert sorted((v[T("Voters met")], v[T("Counted as voters received")]) for v in visit_rows) == [
        (4, 4),
        (7, 0),
        (9, 9),
    ]
    assert (
        totals[T("Opinions received")]
        == Opinion.objects.exclude(status="merged").count()
        == len(opinions)
        == 8
    )
    # Received is every suggestion submitted, the one turned down too (suggestions.rates; DOMAIN.md).
    received = Suggestion.objects.exclude(status="draft")
    assert totals[T("Suggestions received")] == received.count() == len(suggestions) == 6
    assert totals[T("Suggestions completed")] == received.filter(status="closed").count() == 2
    assert totals[T("Completion rate (completed ÷ received)")] == pytest.approx(2 / 6)
    assert totals[T("Satisfaction rate (satisfied ÷ evaluated)")] == pytest.approx(1 / 2)
    assert totals[T("Satisfaction rate (satisfied and basically satisfied ÷ evaluated)")] == pytest.approx(
        1 / 2
    )
    assert by_station[point.name][T("Suggestions received")] == 2  # deputy_record is stationed at the point
    assert totals[T("Deputies attending")] == 2
    # Units: one unit led four suggestions received in Q1, two completed.
    units, _unit_totals = _rows(book[T("Units")])
    assert [(u[T("Handling unit")], u[T("Suggestions led")], u[T("Completed")]) for u in units] == [
        ("区住房和城乡建设局", 4, 2)
    ]
    # Scores list every active deputy.
    scores, _total = _rows(book[T("Scores")])
    assert len(scores) == 3


def test_the_workbook_is_one_a_committee_hands_on(committee_staff, street_year):
    book = load_workbook(io.BytesIO(_download(committee_staff)))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A3"
        assert sheet.auto_filter.ref.startswith("A2:")
        assert sheet["A1"].value and "2025" in sheet["A1"].value
        assert sheet.column_dimensions["A"].width > 5
    summary = book[T("Overview")]
    rate_column = next(
        cell for cell in summary[2] if cell.value == T("Completion rate (completed ÷ received)")
    ).column_letter
    assert summary[f"{rate_column}{summary.max_row}"].number_format == "0.0%"
    assert book[T("Activities")]["B3"].number_format == "yyyy-mm-dd"
    activities = book[T("Activities")]
    assert activities[f"A{activities.max_row}"].value == T("Total (%(count)s rows)") % {
        "count": activities.max_row - 3
    }
    assert activities[f"B{activities.max_row}"].value is None  # no count shown as a date


def test_user_text_is_never_a_formula(committee_staff, street_year):
    content = _download(committee_staff)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert b"<f>" not in archive.read(name), name
    book = load_workbook(io.BytesIO(content))
    found = Counter()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in INJECTIONS or (
                    isinstance(cell.value, str) and cell.value.startswith("=cmd")
                ):
                    assert cell.data_type == "s"
                    assert cell.quotePrefix
                    found[cell.value] += 1
    assert set(found) >= set(INJECTIONS[:4])


def test_an_officer_reports_on_their_station_only(officer, street_year, station, point, other_station):
    book = load_workbook(io.BytesIO(_download(officer, station=station.pk)))
    summary, _totals = _rows(book[T("Overview")])
    assert [row[T("Station")] for row in summary] == [station.name, point.name]
    opinions, _total = _rows(book[T("Opinions")])
    assert len(opinions) == 7  # six at the station and its point, one withdrawn (received all the same)
    # An officer cannot ask for all stations, nor for another station.
    response = officer.get(
        reverse("assessments:report"), {"span": "year", "year": YEAR, "station": other_station.pk}
    )
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")


@pytest.fixture
def eager_celery(settings):
    """CELERY_TASK_ALWAYS_EAGER in this test only: the task runs in-process, after the commit."""
    from liaison.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def test_a_big_export_runs_as_a_job_with_progress_and_download(
    committee_staff, street_year, eager_celery, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("assessments.views.EXPORT_SYNC_MAX_ROWS", 3)
    with django_capture_on_commit_callbacks(execute=True):
        response = committee_staff.get(reverse("assessments:report"), {"span": "year", "year": YEAR})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100
    status = committee_staff.get(reverse("assessments:job_status", args=[job.pk])).json()
    assert status["download"] == reverse("assessments:job_download", args=[job.pk])
    page = committee_staff.get(job.get_absolute_url())
    assert "progress" in page.content.decode()
    download = committee_staff.get(status["download"])
    assert download.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert T("Overview") in book.sheetnames


def test_a_job_not_finished_offers_nothing_to_download(committee_staff, staff_user):
    job = ExportJob.objects.create(user=staff_user, title="x", params={})
    assert committee_staff.get(reverse("assessments:job_download", args=[job.pk])).status_code == 404
    assert committee_staff.get(reverse("assessments:job_status", args=[job.pk])).json()["download"] is None


def test_a_job_runs_once(staff_user, street_year):
    from assessments.exports import job_params
    from assessments.periods import year_period
    from assessments.tasks import export_workbook_task

    job = ExportJob.objects.create(
        user=staff_user, title="x", params=job_params(year_period(YEAR), None, "zh-hans")
    )
    export_workbook_task(job.pk)
    job.refresh_from_db()
    name = job.file.name
    export_workbook_task(job.pk)  # a redelivered task finds the work done
    job.refresh_from_db()
    assert job.file.name == name and job.status == ExportJob.Status.DONE


@pytest.mark.parametrize("count", [2, 20])
def test_the_workbook_queries_do_not_grow_with_rows(
    count, station, point, staff_user, handling_unit, django_assert_num_queries
):
    from assessments.periods import year_period
    from assessments.report_figures import scope_for
    from assessments.reports import quarterly_workbook

    for index in range(count):
        deputy = DeputyFactory()
        StationingFactory(deputy=deputy, station=point, since=date(2022, 1, 1), until=None)
        day = date(YEAR, 1 + index % 12, 1 + index % 27)
        activity = ActivityFactory(station=station, starts_at=at(day), ends_at=at(day, 11))
        InvitationFactory(activity=activity, deputy=deputy)
        VisitFactory(station=point, date=day, deputies=[deputy])
        opinion(point, deputy, at(day))
        suggestion(deputy, staff_user, at(day), joint=[deputy], lead_unit=handling_unit)
    scope = scope_for(station)
    # The same count at 2 and at 20 rows of each kind: the scope's deputies once, aggregates, streamed sheets
    # (the deputies present and the joint deputies as second streams, the opinions' categories once); the
    # deputies scored: their ids, then the queries of one score a page of them (one page here);
    # units: one GROUP BY, then the units; voters received: days, then visits; sittings: speeches, then seats;
    # one each for the monthly consultations, the reports to voters and the livelihood projects
    with django_assert_num_queries(32):
        book = quarterly_workbook(year_period(YEAR), scope)
    book.save(io.BytesIO())


def test_old_exports_are_deleted_with_their_files(staff_user, settings):
    from datetime import timedelta

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from assessments.tasks import purge_exports_task

    assert settings.CELERY_BEAT_SCHEDULE["delete exported workbooks after a week (assessments)"]
    old = ExportJob.objects.create(user=staff_user, title="old", status=ExportJob.Status.DONE)
    old.file.save("old.xlsx", ContentFile(b"PK"), save=True)
    ExportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    path = old.file.path
    fresh = ExportJob.objects.create(user=staff_user, title="new", status=ExportJob.Status.DONE)
    purge_exports_task()
    assert list(ExportJob.objects.all()) == [fresh]
    import os

    assert not os.path.exists(path)
