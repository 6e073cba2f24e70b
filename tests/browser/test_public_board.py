"""码上找代表 on a phone: a voter finds their station, reads its notice board and a deputy's page, and every
poster fits the screen with its QR codes drawn (seeds 001, 004)."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import DutyKind, DutyRecord
from tests.liaison.factories import StationingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 390


def _fits_the_phone(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"{page.url} scrolls sideways on a phone ({width}px)"


def _prints_on_one_a4_page(page):
    pdf = page.pdf(prefer_css_page_size=True)  # the stylesheet's @page { size: A4 }
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1, f"{page.url} prints on more than one page"


def _qr_codes_loaded(page):
    codes = page.locator("img.poster-qr")
    assert codes.count() >= 1
    for index in range(codes.count()):
        code = codes.nth(index)
        assert code.is_visible()
        assert code.evaluate("image => image.complete && image.naturalWidth > 0"), "a QR code did not load"


def test_a_voter_finds_the_station_board_and_posters_on_a_phone(
    phone_page, live_server, station, point, deputy_record, tmp_path
):
    station.rules = "每月15日为代表接待选民日，节假日顺延。"
    station.save()
    deputy_record.pledge = "倾听群众呼声，件件有回音。"
    deputy_record.save()
    DutyRecord.objects.create(
        deputy=deputy_record,
        kind=DutyKind.REPORT_TO_VOTERS,
        date=date(timezone.localdate().year, 1, 5),
        title="向桂花社区选民述职",
    )
    StationingFactory.create_batch(8, station=station)  # a station has a dozen deputies or so
    page = phone_page

    page.goto(f"{live_server.url}{reverse('home:public_index')}")
    _fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "index.png"), full_page=True)
    page.click(f"text={station.name}")

    page.wait_for_url(f"**{reverse('home:station_public', args=[station.pk])}")
    assert page.locator("h1").inner_text() == station.name
    # What a voter who scanned the poster came for, when and where to meet a deputy, is on the first screens.
    schedule_top = page.locator("#schedule").evaluate("section => section.getBoundingClientRect().top")
    assert schedule_top < 2 * 844, f"the reception days start {schedule_top:.0f}px down"
    assert page.locator("#deputies").get_by_text("陈建国").is_visible()
    assert page.get_by_text("每月15日为代表接待选民日，节假日顺延。").is_visible()
    assert page.get_by_text("向桂花社区选民述职").is_visible()
    _fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "station.png"), full_page=True)

    page.locator("header").get_by_role("link", name="二维码海报").click()
    page.wait_for_url(f"**{reverse('home:station_poster', args=[station.pk])}")
    assert page.locator("img.poster-qr").count() == 2  # the board and the opinion form
    _qr_codes_loaded(page)
    _fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "station-poster.png"), full_page=True)
    _prints_on_one_a4_page(page)

    page.go_back()
    page.locator("#deputies").get_by_role("link", name="陈建国").click()
    page.wait_for_url(f"**{reverse('home:deputy_public', args=[deputy_record.public_token])}")
    assert page.locator("h1").inner_text() == "陈建国"
    assert page.get_by_text("倾听群众呼声，件件有回音。").is_visible()  # the pledge, on the deputy's own page
    assert page.get_by_text("向桂花社区选民述职").is_visible()
    _fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "deputy.png"), full_page=True)

    page.get_by_role("link", name="二维码海报").click()
    page.wait_for_url(f"**{reverse('home:deputy_public_poster', args=[deputy_record.public_token])}")
    assert page.locator("img.poster-qr").count() == 2  # the deputy's page and the form addressed to them
    _qr_codes_loaded(page)
    _fits_the_phone(page)
    page.screenshot(path=str(tmp_path / "deputy-poster.png"), full_page=True)
    _prints_on_one_a4_page(page)
    assert all((tmp_path / name).stat().st_size > 0 for name in ("index.png", "station-poster.png"))


def test_the_public_form_counts_the_characters_and_refuses_a_text_too_long(phone_page, live_server, station):
    phone_page.goto(f"{live_server.url}{reverse('voters:public_station', args=[station.pk])}")
    content = phone_page.locator("textarea[name=content]")
    content.fill("路" * 2001)  # a paste a maxlength would have cut
    counter = phone_page.locator("textarea[name=content] + .form-text")
    assert counter.inner_text() == "2001 / 2000" and "text-danger" in counter.get_attribute("class")
    assert content.input_value() == "路" * 2001
    _fits_the_phone(phone_page)
