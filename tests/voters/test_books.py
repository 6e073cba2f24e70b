"""The opinions register and the feedback register on paper: the print view and the PDF list the station's
rows and no other's (their workbooks: test_exports.py, test_masking.py)."""

import pytest
from django.utils import timezone

from tests.books import needs_pdf_engine, pdf_text, printed_rows
from voters.models import PersonalDataExport, ReturnVisit, Satisfaction

pytestmark = pytest.mark.django_db


def _period(moment):
    day = timezone.localdate(moment).isoformat()
    return {"start": day, "end": day}


def test_the_register_prints_the_officers_rows_only(officer, opinion, other_opinion):
    rows = printed_rows(officer.get("/opinions/register/print/", _period(opinion.received_at)))
    assert [row[2] for row in rows] == [opinion.tracking_code]  # No., received at, tracking code...
    assert rows[0][5] == "张*明"  # masked as on every page
    assert not PersonalDataExport.objects.exists()  # the page is not a file taken away


def test_the_register_print_view_has_no_navigation_and_links_its_outputs(officer, opinion):
    page = officer.get("/opinions/register/print/", {"start": "2026-01-01", "end": "2026-01-31"})
    text = page.content.decode()
    assert "navbar" not in text
    assert "/opinions/register/export/?start=2026-01-01&amp;end=2026-01-31" in text
    assert "/static/core/book.css" in text


def test_a_wrong_period_goes_back_to_the_register_with_its_message(officer):
    response = officer.get("/opinions/register/print/", {"start": "2026-02-01", "end": "2026-01-01"})
    assert response.status_code == 302 and response["Location"].startswith("/opinions/register/?")


@needs_pdf_engine
def test_the_register_pdf_holds_the_station_rows_and_is_logged(officer, opinion, other_opinion, officer_user):
    text = pdf_text(officer.get("/opinions/register/pdf/", _period(opinion.received_at)))
    assert opinion.tracking_code in text and other_opinion.tracking_code not in text
    assert "意见建议登记簿" in text
    log = PersonalDataExport.objects.get()
    assert (log.actor, log.what, log.row_count) == (officer_user, "opinions_register", 1)


def _return_visit(opinion, officer_user):
    return ReturnVisit.objects.create(
        opinion=opinion,
        voter=opinion.voter,
        method=ReturnVisit.Method.PHONE,
        visited_by=officer_user,
        satisfaction=Satisfaction.SATISFIED,
        note="群众表示路灯已经修好",
    )


def test_the_feedback_register_prints_the_officers_return_visits_only(
    officer, other_officer, opinion, officer_user
):
    visit = _return_visit(opinion, officer_user)
    rows = printed_rows(officer.get("/opinions/feedback/print/", _period(visit.visited_at)))
    assert [row[2] for row in rows] == [opinion.tracking_code]
    assert "群众表示路灯已经修好" in rows[0]
    assert printed_rows(other_officer.get("/opinions/feedback/print/", _period(visit.visited_at))) == [
        ["此筛选条件下本簿没有记录。"]
    ]


@needs_pdf_engine
def test_the_feedback_register_pdf_holds_the_return_visits(officer, opinion, officer_user):
    visit = _return_visit(opinion, officer_user)
    text = pdf_text(officer.get("/opinions/feedback/pdf/", _period(visit.visited_at)))
    assert opinion.tracking_code in text and "反馈登记簿" in text
