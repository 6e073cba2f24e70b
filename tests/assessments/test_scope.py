"""Staff of a street see and count their street's deputies' duties only; a district's staff both streets,
compared street by street in the quarterly workbook (issue 15)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.translation import gettext as T
from openpyxl import load_workbook

from assessments.selectors import duty_records_visible_to
from tests.assessments.factories import ManualRecordFactory
from tests.assessments.test_reports import YEAR, _download, _rows, street_year  # noqa: F401 (the fixture, used below)

STREET, STATION = T("Street or town"), T("Station")


def _book(client):
    return load_workbook(io.BytesIO(_download(client)))


def test_a_streets_staff_see_the_duty_records_of_their_streets_deputies_only(
    street_staff, street_staff_user, district_staff_user, deputy_record, other_deputy_record, officer_user
):
    mine = ManualRecordFactory(deputy=deputy_record, entered_by=officer_user)
    theirs = ManualRecordFactory(deputy=other_deputy_record, entered_by=officer_user)
    assert list(duty_records_visible_to(street_staff_user)) == [mine]
    assert set(duty_records_visible_to(district_staff_user)) == {mine, theirs}
    page = street_staff.get(reverse("assessments:records"), {"status": mine.status})
    assert [record.pk for record in page.context["page"]] == [mine.pk]
    assert street_staff.get(reverse("assessments:record_detail", args=[theirs.pk])).status_code == 404


def test_a_streets_results_list_their_deputies_only(
    street_staff, district_staff, deputy_record, other_deputy_record
):
    def listed(client):
        return {score.deputy.pk for score in client.get(reverse("assessments:results")).context["ranked"]}

    assert listed(street_staff) == {deputy_record.pk}
    assert listed(district_staff) == {deputy_record.pk, other_deputy_record.pk}


@pytest.mark.usefixtures("street_year")
def test_a_streets_workbook_does_not_count_the_other_street(
    street_staff, street, station, point, other_station, other_deputy_record
):
    book = _book(street_staff)
    summary, totals = _rows(book[T("Overview")])
    assert {row[STATION] for row in summary} == {station.name, point.name}
    assert totals[T("Opinions received")] == 7  # six at the station and its point, one withdrawn
    assert totals[T("Suggestions received")] == 5
    for title in (T("Activities"), T("Visits"), T("Opinions"), T("Suggestions")):
        rows, _total = _rows(book[title])
        assert rows
        assert other_station.name not in {row[STATION] for row in rows}, title
    scores, _total = _rows(book[T("Scores")])
    assert other_deputy_record.name not in {row[T("Deputy")] for row in scores}
    streets, street_totals = _rows(book[T("Streets")])
    assert [row[STREET] for row in streets] == [street.name]
    assert street_totals[T("Opinions received")] == totals[T("Opinions received")]


@pytest.mark.usefixtures("street_year")
def test_a_districts_workbook_has_a_row_per_street(
    district_staff, district, street, other_street, deputy_record, other_deputy_record
):
    book = _book(district_staff)
    streets, totals = _rows(book[T("Streets")])
    by_name = {row[STREET]: row for row in streets}
    assert list(by_name) == [street.name, other_street.name]
    assert {row[T("District")] for row in streets} == {district.name}
    assert by_name[street.name][T("Opinions received")] == 7
    assert by_name[other_street.name][T("Opinions received")] == 1
    assert by_name[street.name][T("Suggestions received")] == 5
    assert by_name[other_street.name][T("Suggestions received")] == 1
    assert by_name[street.name][T("Visits logged")] == 2
    assert by_name[other_street.name][T("Visits logged")] == 1
    # The street's deputies scored: the two of the fixture's street and the one of the other.
    assert by_name[street.name][T("Deputies scored")] == 2
    assert by_name[other_street.name][T("Deputies scored")] == 1
    assert totals[T("Opinions received")] == 8
    assert totals[T("Deputies scored")] == 3


@pytest.mark.usefixtures("street_year")
def test_another_districts_workbook_counts_nothing_of_this_one(other_district_staff):
    book = _book(other_district_staff)
    summary, totals = _rows(book[T("Overview")])
    assert summary == []
    assert totals[T("Opinions received")] == 0
    streets, _totals = _rows(book[T("Streets")])
    assert streets == []


@pytest.mark.usefixtures("street_year")
def test_the_background_job_has_the_scope_of_who_asked(street_staff, street_staff_user, street):
    from assessments.exports import export_run
    from assessments.models import ExportJob

    job = ExportJob.objects.create(
        user=street_staff_user,
        kind="quarterly",
        title="季度报表",
        params={"start": date(YEAR, 1, 1).isoformat(), "end": date(YEAR, 3, 31).isoformat(), "station": None},
    )
    export_run(job)
    job.refresh_from_db()
    book = load_workbook(job.file.open("rb"))
    streets, _totals = _rows(book[T("Streets")])
    assert [row[STREET] for row in streets] == [street.name]
    assert street.name in job.filename
