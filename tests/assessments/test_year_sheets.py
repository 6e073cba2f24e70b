"""The quarterly workbook shows what the rest of the station's year produces (issue 16): the monthly
consultations, the reports to voters with their ratings, the livelihood projects; a station's workbook holds
its own street's only."""

import io

import pytest
from django.utils import timezone
from django.utils.translation import gettext as T
from openpyxl import load_workbook

from assessments.periods import quarter_of, quarter_period
from assessments.report_figures import scope_for
from assessments.reports import quarterly_workbook
from liaison.activities.ratings import paper_tally_record
from liaison.activities.services import attendance_record
from tests.activities.factories import report_meeting
from tests.assessments.test_reports import _rows
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.livelihood.factories import candidate, voted
from tests.suggestions.consultations import meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_of_work(
    station, other_station, officer_user, staff_user, deputy_record, street, other_street, handling_unit
):
    consultation = meeting(station, officer_user, opinions=3)
    invitation = consultation.activity.invitations.get(deputy=deputy_record)
    attendance_record(
        activity=consultation.activity, actor=officer_user, attendance={invitation.pk: "present"}
    )
    report = report_meeting(station=station, organiser=officer_user, deputies=[deputy_record])
    paper_tally_record(
        report=report.voter_reports.get(), satisfied=6, basically=3, unsatisfied=1, actor=officer_user
    )
    ours = candidate(staff_user, street, handling_unit, title="桂花社区加装电梯")
    theirs = candidate(staff_user, other_street, handling_unit, title="西湖菜场改造")
    # Three deputies of the district congress stationed in the street, as the livelihood tests have them.
    present = [deputy_record]
    for name in ("周明", "吴静"):
        deputy = DeputyFactory(name=name)
        MandateFactory(deputy=deputy)
        StationingFactory(deputy=deputy, station=station)
        present.append(deputy)
    voted(staff_user, [ours], present, [(3, 0, 0)])
    return consultation, theirs


def _book(scope):
    today = timezone.localdate()
    book = quarterly_workbook(quarter_period(today.year, quarter_of(today)), scope)
    content = io.BytesIO()
    book.save(content)
    return load_workbook(io.BytesIO(content.getvalue()))


def test_the_workbook_holds_the_consultations_the_reports_to_voters_and_the_livelihood_projects(
    year_of_work, station
):
    consultation, _theirs = year_of_work
    book = _book(scope_for(station))

    meetings, total = _rows(book[T("Monthly consultations")])
    assert [
        (row[T("Station")], row[T("Deputies present")], row[T("Opinions on the agenda")]) for row in meetings
    ] == [(station.name, 1, consultation.items.count())]
    assert total[T("Decisions applied")] == 0

    reports, total = _rows(book[T("Reports to voters")])
    assert [
        (row[T("Satisfied")], row[T("Basically satisfied")], row[T("Unsatisfied")]) for row in reports
    ] == [(6, 3, 1)]
    assert reports[0][T("Satisfaction rate (satisfied + basically)")] == pytest.approx(0.9)

    projects, _total = _rows(book[T("Livelihood projects")])
    assert [(row[T("Title")], row[T("For")]) for row in projects] == [("桂花社区加装电梯", 3)]
