"""The voters' workbooks write dates as date cells and numbers as numbers, so Excel sorts and filters them."""

import io
from datetime import date, datetime

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from voters.models import ReturnVisit, Satisfaction

pytestmark = pytest.mark.django_db


def _rows(response):
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(min_row=2)]


def _period(moment):
    day = timezone.localdate(moment).isoformat()
    return {"start": day, "end": day}


def test_the_opinions_register_writes_typed_cells(officer, opinion):
    [row] = _rows(officer.get("/opinions/register/export/", _period(opinion.received_at)))
    number, received = row[0], row[1]
    assert number.value == 1 and number.data_type == "n"
    assert isinstance(received.value, datetime) and received.is_date
    assert received.value == timezone.make_naive(opinion.received_at).replace(microsecond=0)
    assert received.number_format == "yyyy-mm-dd hh:mm"


def test_the_feedback_register_writes_typed_cells(officer, opinion, officer_user):
    visit = ReturnVisit.objects.create(
        opinion=opinion,
        voter=opinion.voter,
        method=ReturnVisit.Method.PHONE,
        visited_by=officer_user,
        satisfaction=Satisfaction.SATISFIED,
    )
    [row] = _rows(officer.get("/opinions/feedback/export/", _period(visit.visited_at)))
    assert row[0].value == 1 and row[0].data_type == "n"
    assert isinstance(row[1].value, datetime) and row[1].is_date
    assert row[4].is_date and row[4].value.date() == timezone.localdate(opinion.received_at)
    assert row[4].number_format == "yyyy-mm-dd"


def test_the_voters_workbook_numbers_its_rows(committee_staff, opinion):
    [row] = _rows(committee_staff.get("/opinions/voters/export/"))
    assert row[0].value == opinion.voter.pk and row[0].data_type == "n"
    assert not any(isinstance(cell.value, date) for cell in row)  # no dates to type, none written as text
