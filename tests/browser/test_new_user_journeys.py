"""What a new user tripped on (issue 18), walked again in the browser, each on a desk and on a 390 px phone:
the deputy picker (item 11), the triage form's routes (item 12), a unit's reply that is never lost (item 1)
and a mistyped tracking code (item 10)."""

import re

import pytest
from playwright.sync_api import expect

from liaison.activities.models import Activity
from suggestions.models import Contact
from tests.browser.conftest import PageGuard, log_in
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.suggestions.factories import Loop
from tests.voters.factories import OpinionFactory
from voters.models import Route

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=["desk", "phone"])
def any_page(request, live_server):
    """The journey on a desk's window, then on a 390x844 phone."""
    page = request.getfixturevalue("guarded_page" if request.param == "desk" else "phone_page")
    page.set_default_timeout(10_000)
    return page


VIEWPORTS = {"desk": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}
NOT_FOUND = "Failed to load resource: the server responded with a status of 404 (Not Found)"


@pytest.fixture(params=VIEWPORTS)
def page_with_404s(request, browser, live_server):
    """A guarded page on which the pages answering 404 are listed, their console line being expected."""
    context = browser.new_context(viewport=VIEWPORTS[request.param], is_mobile=request.param == "phone")
    page = context.new_page()
    page.set_default_timeout(10_000)
    guard = PageGuard(page)
    page.not_found = []
    page.on("response", lambda response: response.status == 404 and page.not_found.append(response.url))
    yield page
    guard.errors = [error for error in guard.errors if error != NOT_FOUND]
    guard.check()
    context.close()


@pytest.fixture
def two_cai_ying(station, point):
    """Two deputies of one name: one at the station, one at its point, of other groups and levels."""
    found = []
    for place, level, group in ((station, "county", "东湖片区代表小组"), (point, "city", "桂花社区代表小组")):
        deputy = DeputyFactory(name="蔡英")
        MandateFactory(deputy=deputy, level=level)
        StationingFactory(deputy=deputy, station=place)
        DeputyGroupFactory(name=group, station=station).members.add(deputy)
        found.append(deputy)
    return found


def _pick(page, field, typed, choose, count):
    """In the picker of `field`, type `typed`, see `count` options, click the one that says `choose`; the
    options shown."""
    page.locator(f"#id_{field}-ts-control").press_sequentially(typed)
    options = page.locator(f"#id_{field}-ts-dropdown .option")
    expect(options).to_have_count(count)  # the picker searches once typing pauses
    shown = options.all_inner_texts()
    options.filter(has_text=choose).click()
    return shown


# Item 11: a deputy picked by pinyin initials, two of one name told apart --------------------------------------


def test_an_officer_picks_a_deputy_by_pinyin_initials_among_two_of_one_name(
    any_page, live_server, officer_user, station, point, deputy_record, two_cai_ying
):
    page = any_page
    _at_station, at_point = two_cai_ying
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/activities/new/")
    expect(page.locator("#id_deputies-ts-control")).to_be_visible()  # the picker, not a bare select
    shown = _pick(page, "deputies", "cy", "桂花社区代表小组", count=2)  # the two 蔡英, not 陈建国 (cjg)
    assert all(text.startswith("蔡英") for text in shown)
    assert any("东湖片区代表小组" in text and "县（区）级" in text for text in shown)
    assert any("桂花社区联络点" in text and "市级" in text for text in shown)
    # Full pinyin finds him too, and a second deputy is added to the same field.
    page.locator("#id_deputies-ts-control").fill("")
    _pick(page, "deputies", "chen", "陈建国", count=1)
    page.keyboard.press("Escape")
    items = page.locator("#id_deputies-ts-control").locator("xpath=..").locator(".item")
    expect(items).to_have_count(2)

    page.locator("select[name=kind]").select_option("reception")
    page.locator("input[name=title]").fill("蔡英代表进站接待")
    page.locator("select[name=station]").select_option(str(station.pk))
    page.locator("input[name=starts_at]").fill("2030-03-05T09:00")
    page.locator("input[name=ends_at]").fill("2030-03-05T11:00")
    page.locator("input[name=place]").fill("联络站一楼接待室")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.locator("h1")).to_have_text(re.compile("^蔡英代表进站接待"))

    activity = Activity.objects.get(title="蔡英代表进站接待")
    invited = set(activity.invitations.values_list("deputy", flat=True))
    assert invited == {at_point.pk, deputy_record.pk}


# Item 12: the triage form shows the chosen route's fields --------------------------------------------------------


def test_the_triage_form_shows_only_the_chosen_routes_fields(
    any_page, live_server, officer_user, station, handling_unit
):
    opinion = OpinionFactory(station=station, content="小区门口的排水沟堵塞，雨天积水。")
    page = any_page
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/opinions/{opinion.pk}/triage/")
    route_fields = ["reply", "partner", "handling_unit", "refusal_reason", "suggested_level", "lead_deputy"]

    def shown():
        return {name for name in route_fields if page.locator(f"#div_id_{name}").is_visible()}

    assert shown() == set()  # no route chosen yet
    page.get_by_role("radio", name="转街道办事处办理").check()
    assert shown() == {"handling_unit", "partner"}
    page.get_by_role("radio", name="不予受理").check()
    assert shown() == {"refusal_reason", "reply"}
    told = "该事项属于民事纠纷，请向人民法院起诉。"
    page.locator("textarea[name=reply]").fill(told)

    # Without a reason the server refuses: the chosen route's fields are still shown, the answer kept.
    page.get_by_role("button", name="分流交办").click()
    expect(page.get_by_text("请说明不予受理的原因。")).to_be_visible()
    assert page.get_by_role("radio", name="不予受理").is_checked()
    # The page came back whole: triage.js hides the other routes' fields once it has run.
    expect(page.locator("#div_id_partner")).to_be_hidden()
    assert shown() == {"refusal_reason", "reply"}
    assert page.locator("textarea[name=reply]").input_value() == told

    # Another route's field, typed then left, is not sent.
    page.get_by_role("radio", name="转街道办事处办理").check()
    page.locator("input[name=partner]").fill("桂花社区居委会")
    page.get_by_role("radio", name="不予受理").check()
    page.locator("select[name=refusal_reason]").select_option("not_public")
    page.get_by_role("button", name="分流交办").click()
    expect(page.get_by_role("alert").filter(has_text="已分流")).to_be_visible()

    opinion.refresh_from_db()
    assert (opinion.route, opinion.refusal_reason, opinion.reply) == (Route.NOT_ACCEPTED, "not_public", told)
    assert opinion.partner == ""


# Item 1: a unit's reply is offered only when it can be accepted, and never lost ---------------------------------


def test_a_unit_replies_only_after_its_contact_and_never_loses_what_it_typed(
    any_page, live_server, staff_user, deputy_user, unit_user_account
):
    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    suggestion = loop.to("accepted")
    page = any_page
    log_in(page, live_server, "unit")
    page.goto(f"{live_server.url}{suggestion.get_absolute_url()}")

    # Signed, no contact yet: the reply is not offered, the contact is.
    reply_link = page.locator(f"a[href^='/suggestions/{suggestion.pk}/reply/']")
    expect(reply_link).to_have_count(0)
    page.get_by_role("link", name="记录与代表沟通").click()
    page.locator("select[name=method]").select_option("phone")
    page.locator("textarea[name=note]").fill("电话联系陈建国代表，沟通办理方案。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="沟通情况已记录")).to_be_visible()

    # Now offered. The reply is typed, but another tab of the unit replies first: refused, the text stays.
    reply_link.first.click()
    typed = "经研究，已安排专项资金，年内完成公交站点建设。"
    page.get_by_label("A类：已解决或采纳").check()
    page.locator("textarea[name=text]").fill(typed)
    other_tab = page.context.new_page()
    other_tab.goto(page.url)
    other_tab.get_by_label("A类：已解决或采纳").check()
    other_tab.locator("textarea[name=text]").fill("另一个窗口先提交的答复。")
    other_tab.get_by_role("button", name="提交答复").click()
    expect(other_tab.get_by_role("alert").filter(has_text="答复已提交")).to_be_visible()
    other_tab.close()
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_text("当前无法进行这一步。")).to_be_visible()
    assert page.locator("textarea[name=text]").input_value() == typed

    assert Contact.objects.filter(suggestion=suggestion).count() == 1
    assert list(suggestion.replies.values_list("text", flat=True)) == ["另一个窗口先提交的答复。"]


# Item 10: a mistyped tracking code, then one typed with dashes and spaces ----------------------------------------


def test_a_mistyped_tracking_code_shows_the_form_again_and_a_typed_one_is_read(
    page_with_404s, live_server, station
):
    opinion = OpinionFactory(station=station)
    code = opinion.tracking_code
    page = page_with_404s
    page.goto(f"{live_server.url}/opinions/public/track/")
    page.locator("input[name=code]").fill("ABCD234567")
    page.locator("main form button").click()
    expect(page.get_by_text("查询码不存在，请核对后重新输入。")).to_be_visible()
    assert page.locator("input[name=code]").input_value() == "ABCD234567"

    typed = f" {code[:3]}-{code[3:6]} {code[6:].lower()} "
    page.locator("input[name=code]").fill(typed)
    page.locator("main form button").click()
    expect(page).to_have_url(re.compile(f"/opinions/public/track/{code}/$"))
    expect(page.get_by_text(code).first).to_be_visible()
    # The one page that answered 404 is the mistyped code's (a status, for machines; people read the page).
    assert [url.split("?")[0] for url in page.not_found] == [
        f"{live_server.url}/opinions/public/track/ABCD234567/"
    ]
