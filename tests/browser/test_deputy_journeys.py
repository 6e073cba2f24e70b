"""Journeys around the deputies: an officer finds one on the roster by pinyin, prints the QR poster and
exports the roster; a voter opens a deputy's page on a phone; and the menu switches to English."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import log_in
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_finds_a_deputy_by_pinyin_and_prints_the_qr_poster(
    guarded_page, live_server, officer_user, station
):
    deputy = DeputyFactory(name="张晓明")
    MandateFactory(deputy=deputy)
    StationingFactory(deputy=deputy, station=station)
    StationingFactory(deputy=DeputyFactory(name="李红"), station=station)
    page = guarded_page
    log_in(page, live_server, "officer")
    page.get_by_role("button", name="代表", exact=True).click()  # the menu's dropdown
    page.get_by_role("link", name="代表名册").click()
    page.fill("input[name=q]", "zxm")
    page.click("button:has-text('筛选')")
    rows = page.locator("table.table-roster tbody tr")
    assert rows.count() == 1
    rows.first.locator("a").click()
    assert page.locator("h1").inner_text().startswith("张晓明")
    assert "138****" in page.content()
    page.click("text=二维码海报")
    assert page.locator("img.poster-qr").first.is_visible()  # the one A4 poster (core/poster.html)
    with page.expect_download() as download:
        page.goto(f"{live_server.url}/deputies/")
        page.click("text=导出 Excel")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"张晓明", "李红"}


def test_the_interface_switches_to_english(guarded_page, live_server, officer_user):
    page = guarded_page
    log_in(page, live_server, "officer")
    page.click("button:has-text('English')")
    assert page.get_by_role("button", name="Deputies", exact=True).is_visible()


def test_a_voter_opens_a_deputys_page_on_a_phone(phone_page, live_server, deputy_record, station):
    page = phone_page
    page.goto(f"{live_server.url}/deputies/p/{deputy_record.public_token}/")
    assert page.locator("h1").inner_text() == "陈建国"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the public page scrolls sideways on a phone"
