"""The journeys people live in (issue 8), each through the real pages in Chinese, the default language.

Data comes from the project's factories and services; each user logs in through the login form. Every
step asserts what the user sees, and each journey ends by checking the database. Pages may load only
from 127.0.0.1 and log no console error (PageGuard, conftest.py)."""

import io
import re
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from assessments.models import ExportJob
from liaison.activities.models import Activity, Visit
from liaison.activities.services import activity_create, visit_log
from liaison.core.qr import qr_data_uri
from suggestions.models import Assignment, Suggestion
from suggestions.services.proposals import suggestion_from_opinions
from tests.browser.conftest import log_in, log_out, scrolls_sideways
from tests.suggestions.factories import Loop
from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Channel, Opinion, Route
from voters.services.intake import opinions_from_visit
from voters.services.steps import opinion_merge

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOTERS = [
    ("王大妈", "13812340001", "桂花小区门口路灯坏了一个月，晚上出行不安全。"),
    ("李师傅", "13812340002", "菜市场周边早高峰占道经营，道路拥堵。"),
    ("赵老师", "13812340003", "学校门口缺少人行横道和减速带。"),
]


def _reception_day(officer, station, deputy):
    """Today's reception day at the station, already begun, with the deputy invited."""
    now = timezone.now()
    midnight = timezone.make_aware(datetime.combine(timezone.localdate(), time.min))
    starts_at = max(now - timedelta(minutes=30), midnight)
    return activity_create(
        actor=officer,
        deputies=[deputy],
        kind=Activity.Kind.RECEPTION,
        status=Activity.Status.PUBLISHED,
        title="本月代表接待选民日",
        station=station,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        place="联络站一楼接待室",
    )


def _link(page, name):
    """A link by its whole name; Bootstrap Icons' glyph (a private-use character) may come first."""
    return page.get_by_role("link", name=re.compile(rf"^[\s\uE000-\uF8FF]*{re.escape(name)}$"))


def _timeline(page):
    """The kinds of the events listed under 时间线, in order."""
    return page.locator("h2:text-is('时间线') + ol > li strong").all_inner_texts()


def _expect_status(page, status):
    """The suggestion's status badge under its title, once the page showing it has loaded."""
    expect(page.locator("h1 + div .badge").first).to_have_text(re.compile(f"^{status}"))


# 1. The liaison officer logs a reception day and triages one opinion into a suggestion ---------------------


def test_an_officer_logs_a_reception_day_and_raises_a_suggestion_from_an_opinion(
    guarded_page, live_server, officer_user, station, deputy_record, deputy_user
):
    day = _reception_day(officer_user, station, deputy_record)
    page = guarded_page
    log_in(page, live_server, "officer")

    # The reception day, from the menu's calendar.
    page.get_by_role("button", name="站点与活动", exact=True).click()
    _link(page, "活动").click()
    page.get_by_role("link", name=re.compile("本月代表接待选民日")).click()
    expect(page.locator("h1")).to_have_text(re.compile("^本月代表接待选民日"))
    page.get_by_role("link", name="登记接访").click()

    # The visit form comes filled from the reception day: station, day, the deputy invited.
    expect(page.locator("h1")).to_have_text("登记四访")
    assert page.locator("select[name=activity]").input_value() == str(day.pk)
    assert page.locator("select[name=station]").input_value() == str(station.pk)
    (invited,) = page.locator("select[name=deputies] option:checked").all_inner_texts()
    assert invited.startswith(str(deputy_record))  # then where they are stationed, their groups and levels
    # One form: each voter's line becomes an opinion on save.
    lines = page.locator("#visit-lines fieldset")
    for index, (name, phone, raised) in enumerate(VOTERS):
        lines.nth(index).get_by_label("选民姓名").fill(name)
        lines.nth(index).get_by_label("选民电话").fill(phone)
        lines.nth(index).get_by_label("反映的问题").fill(raised)
    page.get_by_role("button", name="保存", exact=True).click()

    # The visit as logged: three voters, phones masked, each with the opinion it made.
    expect(page.get_by_role("alert").filter(has_text="登记群众意见 3 条")).to_be_visible()
    entries = page.locator("table tbody tr")
    assert entries.count() == 3
    assert "138****0002" in entries.nth(1).inner_text()
    assert "13812340002" not in page.content()
    assert "陈建国" in page.locator("dl").inner_text()
    listed = entries
    listed.filter(has_text="路灯").get_by_role("link").first.click()

    # One opinion goes to the deputies as a suggestion (seed 004: a district matter).
    expect(page.locator("h1")).to_have_text(re.compile("^意见"))
    assert "陈建国" in page.locator("dl").inner_text()  # the receiving deputy, from the reception day
    page.get_by_role("link", name="分流交办").click()
    page.get_by_label("形成代表函或代表建议").check()
    expect(page.get_by_role("combobox", name="提出建议的代表")).to_be_visible()  # the deputy picker
    expect(page.get_by_label("承办单位")).to_be_hidden()
    page.get_by_role("button", name="分流交办").click()
    expect(page.get_by_role("alert").filter(has_text="已分流")).to_be_visible()
    from_it = page.locator("dt:text-is('由此形成的代表建议') + dd")
    assert "草稿" in from_it.inner_text()
    from_it.get_by_role("link").click()
    _expect_status(page, "草稿")
    assert "陈建国" in page.locator("dl").inner_text()

    visit = Visit.objects.get()
    assert (visit.activity, visit.kind, visit.voters_met, visit.entries.count()) == (day, "reception", 3, 3)
    assert list(visit.deputies.all()) == [deputy_record]
    opinions = Opinion.objects.filter(visit=visit).order_by("pk")
    assert [o.content for o in opinions] == [raised for _n, _p, raised in VOTERS]
    assert {o.deputy for o in opinions} == {deputy_record}
    triaged = opinions.get(content__contains="路灯")
    assert (triaged.route, triaged.status) == (Route.SUGGESTION, Opinion.Status.TRIAGED)
    assert opinions.exclude(pk=triaged.pk).filter(route="").count() == 2
    suggestion = Suggestion.objects.get()
    assert (suggestion.status, suggestion.lead_deputy) == (Suggestion.Status.DRAFT, deputy_record)
    assert list(suggestion.source_opinions.all()) == [triaged]


def test_on_a_phone_an_officer_logs_three_voters_in_one_form_and_keeps_one_back(
    phone_page, live_server, officer_user, station, deputy_record
):
    """Issue 18, item 22: the visit and its opinions in one form, at 390 px, never leaving the page."""
    _reception_day(officer_user, station, deputy_record)
    page = phone_page
    log_in(page, live_server, "officer")
    page.goto(f"{live_server.url}/visits/")
    _link(page, "登记四访").click()
    expect(page.locator("h1")).to_have_text("登记四访")
    page.get_by_label("站点").select_option(str(station.pk))
    lines = page.locator("#visit-lines fieldset")
    expect(lines).to_have_count(3)
    page.get_by_role("button", name=re.compile("添加一位选民")).click()
    expect(lines).to_have_count(4)
    for index, (name, phone, raised) in enumerate(VOTERS):
        line = lines.nth(index + 1 if index == 2 else index)  # the third voter on the added line
        line.get_by_label("选民姓名").fill(name)
        line.get_by_label("选民电话").fill(phone)
        line.get_by_label("反映的问题").fill(raised)
    lines.nth(3).get_by_label("不登记为群众意见").check()
    assert not scrolls_sideways(page)
    page.get_by_role("button", name="保存", exact=True).click()

    expect(page.get_by_role("alert").filter(has_text="登记群众意见 2 条")).to_be_visible()
    rows = page.locator("table tbody tr")
    assert rows.count() == 3
    # The detail masks the voters' names (DOMAIN.md: personal data only where needed): found by their words.
    kept_back = rows.filter(has_text=VOTERS[2][2]).inner_text()
    assert "未登记" in kept_back and "赵老师" not in kept_back
    assert not scrolls_sideways(page)
    visit = Visit.objects.get()
    opinions = Opinion.objects.filter(visit=visit).order_by("pk")
    assert [o.content for o in opinions] == [VOTERS[0][2], VOTERS[1][2]]
    assert {(o.channel, o.station) for o in opinions} == {(Channel.RECEPTION, station)}
    for opinion in opinions:
        expect(rows.get_by_role("link", name=opinion.tracking_code)).to_be_visible()
    assert visit.entries.count() == 3 and visit.voters_met == 3


# 2. The loop 提 交 办 督 评, with a second round after 不满意 (seed 002) ---------------------------------------


@pytest.fixture
def drafted(officer_user, station, deputy_record, deputy_user, staff_user, unit_user_account):
    """A draft suggestion raised from an opinion of a reception day, as journey 1 leaves it."""
    visit = visit_log(
        actor=officer_user,
        station=station,
        deputies=[deputy_record],
        entries=[{"voter_name": "王大妈", "voter_phone": "+8613812340001", "raised": VOTERS[0][2]}],
        kind=Visit.Kind.RECEPTION,
        date=timezone.localdate(),
        officer=officer_user,
    )
    (opinion,) = opinions_from_visit(visit=visit, actor=officer_user)
    return suggestion_from_opinions(opinions=[opinion], lead_deputy=None, actor=officer_user)


def _open_case(page, menu, title, dropdown=None):
    if dropdown:
        page.get_by_role("button", name=dropdown, exact=True).click()
    page.get_by_role("link", name=menu, exact=True).click()
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.locator("h1")).to_contain_text(title)


def _unit_handles(page, live_server, title, reply, last="已交办", hidden=None):
    """The unit accepts, talks with the deputy and replies; `hidden` is what it must not see (背靠背)."""
    log_in(page, live_server, "unit")
    _open_case(page, "本单位承办", title, dropdown="代表建议")
    _expect_status(page, "办理中")
    assert _timeline(page)[-1] == last
    if hidden:
        # The deputy's evaluation of the first reply is the committee's, not the unit's (seeds 002, 003).
        assert "评价" not in _timeline(page) and "转入二次交办" not in _timeline(page)
        assert hidden not in page.locator("main").inner_text()
    _link(page, "签收").click()
    page.get_by_role("button", name="签收").click()
    expect(page.get_by_role("alert").filter(has_text="已签收")).to_be_visible()
    assert _timeline(page)[-1] == "已签收"
    page.get_by_role("link", name="记录与代表沟通").click()
    page.locator("select[name=method]").select_option("phone")
    page.locator("textarea[name=note]").fill("电话联系陈建国代表，沟通办理方案。")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert").filter(has_text="沟通情况已记录")).to_be_visible()
    assert _timeline(page)[-1] == "与代表沟通"
    _link(page, "答复").click()
    page.get_by_label("A类：已解决或采纳").check()
    page.locator("textarea[name=text]").fill(reply)
    page.get_by_role("button", name="提交答复").click()
    expect(page.get_by_role("alert").filter(has_text="答复已提交")).to_be_visible()
    _expect_status(page, "已答复待评价")
    assert _timeline(page)[-1] == "已答复"
    assert reply in page.locator("main").inner_text()
    log_out(page)


def _deputy_evaluates(page, live_server, title, rating, comment):
    log_in(page, live_server, "deputy")
    _open_case(page, "我的建议", title, dropdown="代表建议")
    expect(page.get_by_text("承办单位已答复，请您评价。")).to_be_visible()
    _link(page, "评价").click()
    page.get_by_label(rating, exact=True).check()
    page.locator("textarea[name=comment]").fill(comment)
    page.get_by_role("button", name="评价").click()
    expect(page.get_by_role("alert").filter(has_text="您的评价已记录")).to_be_visible()


def _staff_assigns(page, live_server, title, unit, round_number):
    log_in(page, live_server, "staff")
    _open_case(page, "代表建议", title, dropdown="代表建议")
    _expect_status(page, "已立案待交办")
    _link(page, "交办").click()
    page.get_by_label("主办单位").select_option(label=unit.name)
    assert page.locator("input[name=deadline]").input_value()  # the statutory limit, filled in
    page.get_by_role("button", name="交办").click()
    expect(page.get_by_role("alert").filter(has_text="已交办")).to_be_visible()
    _expect_status(page, "办理中")
    assert _timeline(page)[-1] == "已交办"
    if round_number > 1:
        expect(page.get_by_role("heading", name=f"第{round_number}轮")).to_be_visible()
        expect(page.locator("h2 .badge", has_text="二次交办")).to_be_visible()
        # 督: a reminder letter to the unit for the matter it already failed once.
        page.get_by_role("link", name="记录督办").click()
        page.locator("select[name=kind]").select_option("letter")
        page.locator("textarea[name=note]").fill("二次交办，请限期落实。")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("二次交办，请限期落实。").first).to_be_visible()
        assert _timeline(page)[-1] == "督办"
    log_out(page)


def test_a_suggestion_goes_round_the_loop_twice_until_the_deputy_is_satisfied(
    guarded_page, live_server, drafted, handling_unit, deputy_record
):
    page = guarded_page
    title = drafted.title

    # 提: the deputy finishes and submits the draft raised from the voter's opinion.
    log_in(page, live_server, "deputy")
    _open_case(page, "我的建议", title, dropdown="代表建议")
    _expect_status(page, "草稿")
    _link(page, "提交").click()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_role("alert").filter(has_text="已提交")).to_be_visible()
    _expect_status(page, "已提交")
    assert _timeline(page) == ["保存草稿", "已提交"]
    log_out(page)

    # 交: committee staff registers (立案) and assigns it to the handling unit.
    log_in(page, live_server, "staff")
    _open_case(page, "代表建议", title, dropdown="代表建议")
    _link(page, "立案").click()
    page.get_by_role("button", name="立案").click()
    expect(page.get_by_role("alert").filter(has_text="已立案")).to_be_visible()
    assert _timeline(page)[-2:] == ["已提交", "立案"]
    log_out(page)
    _staff_assigns(page, live_server, title, handling_unit, 1)

    # 办: the unit accepts, talks with the deputy, replies.
    _unit_handles(page, live_server, title, "已协调公安交警部门，计划年底前修复路灯。")

    # 评: not satisfied, so the suggestion goes back for a second round.
    _deputy_evaluates(page, live_server, title, "不满意", "路灯至今未修，答复没有落实。")
    _expect_status(page, "已立案待交办")
    assert "第2轮" in page.locator("h1 + div").inner_text()
    assert _timeline(page)[-2:] == ["评价", "转入二次交办"]
    log_out(page)

    # 督 and the second assignment (二次交办).
    _staff_assigns(page, live_server, title, handling_unit, 2)
    _unit_handles(
        page, live_server, title, "路灯已于本周修复，并增设两盏。", last="督办", hidden="路灯至今未修"
    )
    _deputy_evaluates(page, live_server, title, "满意", "已修好，感谢。")
    _expect_status(page, "已办结")
    assert _timeline(page)[-2:] == ["评价", "已办结"]
    assert "已修好，感谢。" in page.locator("main").inner_text()

    drafted.refresh_from_db()
    assert (drafted.status, drafted.round, drafted.rating) == (
        Suggestion.Status.CLOSED,
        2,
        Suggestion.Rating.SATISFIED,
    )
    assert [e.rating for e in drafted.evaluations.order_by("round")] == ["unsatisfied", "satisfied"]
    assert drafted.assignments.filter(role=Assignment.Role.LEAD, unit=handling_unit).count() == 2
    assert [r.round for r in drafted.replies.order_by("round")] == [1, 2]
    # Completing the suggestion sends the officer back to the voter (回访).
    opinion = drafted.source_opinions.get()
    assert opinion.status == Opinion.Status.RESOLVED
    assert drafted.supervision_actions.get().kind == "letter"


# 3. Committee staff exports the quarterly report; its figures match the records ------------------------------


@pytest.fixture
def eager_celery(settings):
    """The export job runs in the live server's thread right after its commit, as a worker would."""
    from liaison.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = True
    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _quarter_bounds():
    """This quarter, and an instant in the quarter before, in China's time."""
    today = timezone.localdate()
    first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    following = (
        first.replace(year=first.year + 1, month=1)
        if first.month == 10
        else first.replace(month=first.month + 3)
    )
    zone = timezone.get_current_timezone()
    start = datetime.combine(first, time.min, tzinfo=zone)
    end = datetime.combine(following, time.min, tzinfo=zone)
    return first, following - timedelta(days=1), start, end, start - timedelta(days=10) + timedelta(hours=9)


@pytest.fixture
def quarter_records(officer_user, station, point, deputy_record, staff_user, deputy_user, unit_user_account):
    """Records of this quarter, and some that the report leaves out: the quarter before, a cancelled
    activity, a draft suggestion, a duplicate opinion merged into another."""
    _first, _last, _start, _end, before = _quarter_bounds()
    today = timezone.localdate()
    done_day = _reception_day(officer_user, station, deputy_record)
    Activity.objects.filter(pk=done_day.pk).update(status=Activity.Status.DONE)
    now = timezone.now()
    early = max(now - timedelta(hours=2), done_day.starts_at)
    for kind, title, status, starts_at in [
        (Activity.Kind.TRAINING, "代表履职学习培训", Activity.Status.PUBLISHED, early),
        (Activity.Kind.RESEARCH, "因雨取消的视察", Activity.Status.CANCELLED, early),
        (Activity.Kind.RECEPTION, "上季度接待选民日", Activity.Status.DONE, before),
    ]:
        activity_create(
            actor=officer_user,
            kind=kind,
            status=status,
            title=title,
            station=point if kind == Activity.Kind.TRAINING else station,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="联络站",
        )

    def visit(date, voters, met=0):
        entries = [{"voter_name": n, "voter_phone": "+86" + p, "raised": r} for n, p, r in voters]
        return visit_log(
            actor=officer_user,
            station=station,
            deputies=[deputy_record],
            entries=entries,
            kind=Visit.Kind.RECEPTION,
            date=date,
            voters_met=met,
            activity=done_day if date == today else None,
        )

    first_visit = visit(today, VOTERS)
    second_visit = visit(
        today, [("孙阿姨", "13812340004", "路灯坏了一个月，晚上出行不安全。"), *VOTERS[1:2]], met=4
    )
    visit(before.date(), VOTERS[:1], met=5)  # not turned into opinions: only the visit counts, last quarter
    opinions = opinions_from_visit(visit=first_visit, actor=officer_user)
    duplicate, _other = opinions_from_visit(visit=second_visit, actor=officer_user)
    opinion_merge(duplicate=duplicate, into=opinions[0], actor=officer_user)
    OpinionFactory(station=point, channel=Channel.ONLINE, content="社区公园健身器材损坏，请维修。")
    OpinionFactory(station=station, received_at=before, content="上季度收到的意见：垃圾清运不及时。")

    loop = Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)
    loop.to("closed", title="关于修复桂花小区路灯的建议")
    loop.to("assigned", title="关于治理菜市场占道经营的建议")
    loop.draft(title="尚未提交的草稿建议")
    last_quarter = loop.to("submitted", title="上季度提交的建议")
    Suggestion.objects.filter(pk=last_quarter.pk).update(submitted_at=before)


def _sheet_rows(sheet):
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    headers = rows[1]
    return [dict(zip(headers, row, strict=False)) for row in rows[2:]]


def test_staff_export_the_quarterly_report_and_its_figures_match_the_records(
    guarded_page, live_server, quarter_records, eager_celery, station
):
    page = guarded_page
    log_in(page, live_server, "staff")
    page.get_by_role("button", name="履职积分", exact=True).click()
    page.get_by_role("link", name="履职积分", exact=True).click()
    _link(page, "季度报表").click()
    expect(page.locator("h1")).to_have_text("季度报表")
    assert page.get_by_label("期间").input_value() == "quarter"
    assert page.get_by_label("范围").locator("option:checked").inner_text() == "全部站点"
    page.get_by_label("后台生成").check()
    page.get_by_role("button", name=re.compile("下载报表")).click()

    # The job page: prepared (here at once; on a server by a worker), and offered for download.
    expect(page.get_by_role("alert").filter(has_text="报表正在生成")).to_be_visible()
    expect(page.locator("h1")).to_contain_text("季度报表")
    assert page.locator("p", has_text="状态").locator("strong").inner_text() == "已生成"
    with page.expect_download() as download:
        _link(page, "下载报表").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    overview = _sheet_rows(book["概况"])
    total = next(row for row in overview if row["联络站"] == "合计")
    at_station = next(row for row in overview if row["联络站"] == station.name)

    # The expected figures, from the records themselves (the report's rules: nothing cancelled, no
    # draft, a merged duplicate counted once, in the quarter by China's calendar).
    first, last, start, end, _before = _quarter_bounds()
    held = Activity.objects.filter(starts_at__gte=start, starts_at__lt=end).exclude(status="cancelled")
    visits = Visit.objects.filter(date__gte=first, date__lte=last)
    received = Opinion.objects.filter(received_at__gte=start, received_at__lt=end).exclude(status="merged")
    made = Suggestion.objects.filter(submitted_at__gte=start, submitted_at__lt=end).exclude(
        status__in=["draft", "rejected"]
    )
    expected = {
        "活动：接待选民日": held.filter(kind="reception").count(),
        "活动：学习培训": held.filter(kind="training").count(),
        "举办接待选民日": held.filter(kind="reception", status="done").count(),
        "走访接待次数": visits.count(),
        "接待选民人次": sum(visits.values_list("voters_met", flat=True)),
        "收到意见": received.count(),
        "收到建议": made.count(),
        "已办结建议": made.filter(status="closed").count(),
    }
    # What was made above, so that a wrong filter in the report cannot agree with a wrong one here.
    assert expected == {
        "活动：接待选民日": 1,
        "活动：学习培训": 1,
        "举办接待选民日": 1,
        "走访接待次数": 2,
        "接待选民人次": 7,
        "收到意见": 5,
        "收到建议": 2,
        "已办结建议": 1,
    }
    assert {name: total[name] for name in expected} == expected
    assert (at_station["走访接待次数"], at_station["收到意见"]) == (
        2,
        received.filter(station=station).count(),
    )
    assert total["办结率（办结数÷收到数）"] == pytest.approx(0.5)
    job = ExportJob.objects.get()
    assert (job.status, job.progress, job.user.username) == (ExportJob.Status.DONE, 100, "staff")


# 4. A voter scans a deputy's QR code on a phone, sends an opinion and follows it ------------------------------


def test_a_voter_scans_a_deputys_qr_code_sends_an_opinion_and_follows_it_on_a_phone(
    guarded_page, phone_page, live_server, officer_user, deputy_record, eager_celery
):

    other = OpinionFactory(
        station=deputy_record.stationings.get().station,
        voter=VoterFactory(name="周秀英", phone="+8613912345678"),
        content="隔壁深夜装修施工，噪音扰民。",
    )

    # The URL the poster's QR code holds: the one printed under it, and the code is that URL's.
    desk = guarded_page
    log_in(desk, live_server, "officer")
    desk.get_by_role("button", name="代表", exact=True).click()
    desk.get_by_role("link", name="代表名册").click()
    desk.get_by_role("link", name="陈建国").click()
    _link(desk, "二维码海报").click()
    # The poster's first code leads to the deputy's public page; its image is that URL's code.
    first_code = desk.locator(".poster-code").first
    scanned = first_code.locator(".poster-url").inner_text()
    assert scanned.startswith(live_server.url) and deputy_record.public_token in scanned
    assert first_code.locator("img.poster-qr").get_attribute("src") == qr_data_uri(scanned)

    # The voter's phone opens it.
    phone = phone_page
    phone.goto(scanned)
    expect(phone.locator("h1")).to_have_text("陈建国")
    assert not scrolls_sideways(phone), "the deputy's page scrolls sideways on a phone"
    _link(phone, "向我反映意见").tap()
    expect(phone.locator("h1")).to_have_text("提交意见建议")
    assert "陈建国" in phone.locator("p.text-muted").first.inner_text()
    assert not scrolls_sideways(phone), "the opinion form scrolls sideways on a phone"
    phone.get_by_label("您的意见或建议").fill("小区东门的共享单车乱停放，堵住了盲道。")
    phone.get_by_label("地点（选填）").fill("桂花小区东门")
    phone.get_by_label("您的姓名（选填）").fill("吴先生")
    phone.get_by_label("您的电话（选填）").fill("13698765432")
    phone.locator("input[name=consent]").check()
    phone.get_by_role("button", name="提交").tap()

    # The tracking code, on the page.
    received = phone.locator(".alert", has=phone.get_by_role("heading", name="您的意见已收到。"))
    expect(received).to_be_visible()
    code = received.locator("strong.font-monospace").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{6,16}", code)
    assert not scrolls_sideways(phone), "the tracking page scrolls sideways on a phone"

    # Later, the voter follows it with the code alone.
    _link(phone, "查询其他意见").tap()
    phone.get_by_placeholder("查询码").fill(code.lower())
    phone.get_by_role("button", name="查询进度").tap()
    expect(phone).to_have_url(re.compile(f"/track/{code}/$"))
    status = phone.locator("dt:text-is('状态') + dd").inner_text()
    assert status == "已收到"
    assert phone.locator("ol li").first.inner_text().startswith("已收到")
    text = phone.locator("body").inner_text()
    for private in [
        "吴先生",
        "13698765432",
        "136****5432",
        "共享单车",
        "周秀英",
        "隔壁深夜装修",
        other.tracking_code,
    ]:
        assert private not in text, f"the public tracking page shows {private}"
    assert not scrolls_sideways(phone), "the tracking page scrolls sideways on a phone"

    opinion = Opinion.objects.get(tracking_code=code)
    assert (opinion.channel, opinion.deputy, opinion.status) == (Channel.ONLINE, deputy_record, "received")
    assert opinion.station == deputy_record.stationings.get().station
    assert (opinion.voter.name, opinion.voter.phone, opinion.voter.consent) == (
        "吴先生",
        "+8613698765432",
        True,
    )
    assert opinion.location == "桂花小区东门"
    assert opinion.tracking_code_sent_at is not None  # and by SMS, to the phone given with consent
    assert Opinion.objects.count() == 2
