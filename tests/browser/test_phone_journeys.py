"""Every role's main job on a 390 px phone (issue 18: "the browser journeys cover every role's main job on a
phone-sized viewport too"), through the menu a phone shows, and no page of it wider than the phone.

The officer's visit and the voter's tracking code are walked on a phone in test_journeys.py; here the
officer's week, the unit's reply, the deputy's evaluation and the staff's quarterly workbook."""

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from liaison.activities.models import Activity
from suggestions.models import Suggestion
from tests.activities.factories import ActivityFactory, InvitationFactory
from tests.browser.conftest import log_in, scrolls_sideways
from tests.suggestions.factories import Loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _go(page, target):
    """Tap what leads to another page, and wait for that page."""
    with page.expect_navigation():
        target.tap()


def _menu(page, item, dropdown=None):
    """Open the collapsed menu a phone shows, then the item (in its dropdown, if any)."""
    page.get_by_role("button", name="菜单").tap()
    if dropdown:
        page.get_by_role("button", name=dropdown, exact=True).tap()
    _go(page, page.get_by_role("link", name=item, exact=True))


def _fits(page, what):
    assert not scrolls_sideways(page), f"{what} scrolls sideways on a phone"


@pytest.fixture
def loop(staff_user, deputy_user, unit_user_account):
    return Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)


def test_on_a_phone_the_officer_reads_the_week(phone_page, live_server, officer_user, station, deputy_record):
    """The week table is the widest part of the officer's home: it scrolls inside itself, not the page."""
    starts = timezone.now() + timedelta(hours=1)
    for title in ("代表接待选民日（桂花社区居民代表座谈）", "代表小组学习培训"):
        day = ActivityFactory(
            station=station, title=title, starts_at=starts, status=Activity.Status.PUBLISHED
        )
        InvitationFactory(activity=day, deputy=deputy_record)
    page = phone_page
    log_in(page, live_server, "officer")
    expect(page.get_by_text("代表小组学习培训")).to_be_visible()
    _fits(page, "the officer's home")


def test_on_a_phone_a_unit_replies_to_a_suggestion(phone_page, live_server, loop):
    suggestion = loop.to("contacted")
    page = phone_page
    log_in(page, live_server, "unit")
    _fits(page, "the unit's home")
    _menu(page, "本单位承办", dropdown="代表建议")
    _fits(page, "the unit's cases")
    _go(page, page.get_by_role("link", name=suggestion.title, exact=True).first)
    expect(page.locator("h1")).to_contain_text(suggestion.title)
    _fits(page, "the suggestion")
    _go(page, page.locator(f"a[href^='/suggestions/{suggestion.pk}/reply/']").first)
    _fits(page, "the reply form")
    page.get_by_label("A类：已解决或采纳").check()
    page.locator("textarea[name=text]").fill("已安排专项资金，年内完成公交站点建设。")
    _go(page, page.get_by_role("button", name="提交答复"))
    expect(page.get_by_role("alert").filter(has_text="答复已提交")).to_be_visible()
    _fits(page, "the replied suggestion")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REPLIED


def test_on_a_phone_a_deputy_opens_a_replied_case_and_evaluates_it(phone_page, live_server, loop):
    suggestion = loop.to("replied")
    page = phone_page
    log_in(page, live_server, "deputy")
    _fits(page, "the deputy's home")
    _menu(page, "我的建议", dropdown="代表建议")
    _fits(page, "the deputy's suggestions")
    _go(page, page.get_by_role("link", name=suggestion.title, exact=True).first)
    expect(page.get_by_text("承办单位已答复，请您评价。")).to_be_visible()
    _fits(page, "the suggestion")
    _go(page, page.locator(f"a[href^='/suggestions/{suggestion.pk}/evaluate/']").first)
    _fits(page, "the evaluation form")
    page.get_by_label("满意", exact=True).check()
    page.locator("textarea[name=comment]").fill("站点已建好，感谢。")
    _go(page, page.get_by_role("button", name="评价"))
    expect(page.get_by_role("alert").filter(has_text="您的评价已记录")).to_be_visible()
    _fits(page, "the evaluated suggestion")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.rating) == (Suggestion.Status.CLOSED, Suggestion.Rating.SATISFIED)


def test_on_a_phone_staff_export_the_quarterly_workbook(phone_page, live_server, loop, station):
    loop.to("closed")
    ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        status=Activity.Status.DONE,
        station=station,
        starts_at=timezone.now() - timedelta(hours=3),
        voters_received=12,
    )
    page = phone_page
    log_in(page, live_server, "staff")
    _fits(page, "the staff's home")
    _menu(page, "履职积分", dropdown="履职积分")
    _fits(page, "the assessments page")
    _go(page, page.get_by_role("link", name=re.compile("季度报表$")))
    expect(page.locator("h1")).to_have_text("季度报表")
    _fits(page, "the report form")
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("下载报表")).tap()
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(book["活动"].iter_rows(values_only=True))
    column = rows[1].index("接待选民人次")
    assert [row[column] for row in rows[2:-1]] == [12]
    overview = list(book["概况"].iter_rows(values_only=True))
    assert overview[-1][overview[1].index("接待选民人次")] == 12
