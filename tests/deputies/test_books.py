"""The roster (名册 of 一册四簿) on paper: the print view and the PDF list the deputies the officer's list
shows, with its filters, and no other station's (the workbook: test_views.py)."""

import pytest
from django.urls import reverse

from liaison.security import SecurityEvent
from tests.books import needs_pdf_engine, pdf_text, printed_rows
from tests.deputies.test_views import stationed

pytestmark = pytest.mark.django_db


def test_the_roster_prints_the_officers_deputies_with_masked_phones(officer, station, other_station):
    stationed(station, 1, name="张晓明", phone="+8613812345678")
    stationed(other_station, 1, name="王西湖")
    rows = printed_rows(officer.get(reverse("deputies:roster_print")))
    assert [row[0] for row in rows] == ["张晓明"]
    assert "138****5678" in rows[0]
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.EXPORTED).exists()


def test_the_printed_roster_follows_the_filters_and_names_them(committee_staff, station):
    stationed(station, 1, name="张晓明")
    stationed(station, 1, name="李红")
    response = committee_staff.get(reverse("deputies:roster_print"), {"q": "zxm"})
    assert [row[0] for row in printed_rows(response)] == ["张晓明"]
    assert "<p>zxm</p>" in response.content.decode()


def test_the_roster_query_count_does_not_grow_with_its_rows(officer, station, django_assert_max_num_queries):
    stationed(station, 20)
    with django_assert_max_num_queries(9):
        assert len(printed_rows(officer.get(reverse("deputies:roster_print")))) == 20


@needs_pdf_engine
def test_the_roster_pdf_holds_the_deputies_and_is_logged(officer, station, other_station):
    stationed(station, 1, name="张晓明")
    stationed(other_station, 1, name="王西湖")
    text = pdf_text(officer.get(reverse("deputies:roster_pdf")))
    assert "代表名册" in text and "张晓明" in text and "王西湖" not in text
    assert SecurityEvent.objects.get(kind=SecurityEvent.Kind.EXPORTED).target == "deputies roster"
