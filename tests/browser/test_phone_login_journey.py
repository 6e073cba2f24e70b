"""A deputy with no account gets one from the roster, activates it from the link in the SMS and, on a
phone-sized browser, logs in with their mobile number and the code sent to it, opens the activity a
reminder linked to, sees their cases and confirms the activity (issue 14). Both SMS are read back from
the file the real file backend writes."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from liaison.activities.models import Activity, Invitation
from liaison.activities.services import activity_create
from liaison.models import User
from tests.browser.conftest import log_in, scrolls_sideways
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.liaison.sms_file import SmsFile
from tests.suggestions.factories import Loop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MOBILE = "+8613900000001"


@pytest.fixture
def sms(settings, monkeypatch, tmp_path, live_server):
    settings.REMINDER_SITE_URL = live_server.url  # the links in the SMS lead to this server
    return SmsFile.install(settings, monkeypatch, tmp_path)


def test_a_deputy_activated_by_sms_logs_in_with_phone_and_code_and_confirms_an_activity(
    guarded_page, phone_page, live_server, sms, officer_user, station, point, staff_user, unit_user_account
):
    deputy = DeputyFactory(name="王芳", phone=MOBILE)
    MandateFactory(deputy=deputy)
    StationingFactory(deputy=deputy, station=point)
    starts_at = timezone.now() + timedelta(days=3)
    activity = activity_create(
        actor=officer_user,
        deputies=[deputy],
        kind=Activity.Kind.RESEARCH,
        status=Activity.Status.PUBLISHED,
        title="老旧小区加装电梯专题视察",
        station=station,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=3),
        place="联络站二楼会议室",
    )

    # The officer ticks the deputy on the roster and creates the account in one step.
    desk = guarded_page
    log_in(desk, live_server, "officer")
    desk.goto(f"{live_server.url}{reverse('deputies:list')}")
    desk.get_by_label("王芳").check()
    desk.get_by_role("button", name="为勾选的代表开通账号").click()
    created = desk.locator("#accounts-created")
    expect(created).to_contain_text("王芳")
    expect(created).to_contain_text("已发送")
    account = User.objects.get(deputy=deputy)
    assert not account.is_active
    Loop(staff=staff_user, deputy_user=account, unit_user=unit_user_account).to(
        "assigned", title="关于老旧小区加装电梯的建议"
    )

    # On the deputy's phone: the link in the SMS activates the account, with nothing to choose.
    phone = phone_page
    phone.set_default_timeout(10_000)
    activation = sms.last(MOBILE)
    assert activation.text.startswith("王芳，您的人大代表联络站账号已开通")
    phone.goto(sms.link(MOBILE))
    expect(phone.locator("h1")).to_have_text("激活账号")
    assert not scrolls_sideways(phone), "the activation page scrolls sideways on a phone"
    phone.get_by_role("button", name="激活我的账号").tap()
    expect(phone.locator(".alert-success")).to_contain_text("账号已激活")

    # A reminder's link opens the activity after a login by phone and code.
    phone.goto(f"{live_server.url}{activity.get_absolute_url()}")
    expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
    phone.get_by_role("link", name="用手机号和短信验证码登录").tap()
    phone.get_by_label("手机号").fill("139 0000 0001")
    phone.get_by_role("button", name="获取验证码").tap()
    expect(phone.locator("body")).to_contain_text("139****0001")
    assert not scrolls_sideways(phone), "the code step scrolls sideways on a phone"
    code = sms.code(MOBILE)
    assert sms.last(MOBILE).text.startswith(f"您的人大代表联络站登录验证码为{code}")
    phone.get_by_label("短信验证码").fill(code)
    phone.get_by_role("button", name="登录", exact=True).tap()
    expect(phone).to_have_url(f"{live_server.url}{activity.get_absolute_url()}")
    expect(phone.locator("h1")).to_contain_text("老旧小区加装电梯专题视察")

    # Their cases.
    phone.goto(f"{live_server.url}{reverse('suggestions:mine')}")
    expect(phone.locator("h1")).to_have_text("我的建议")
    expect(phone.get_by_role("link", name="关于老旧小区加装电梯的建议").first).to_be_visible()
    assert not scrolls_sideways(phone), "my cases scroll sideways on a phone"

    # And they confirm the activity.
    phone.goto(f"{live_server.url}{reverse('activities:mine')}")
    phone.get_by_role("link", name="答复").tap()
    phone.get_by_label("我将出席").check()
    phone.get_by_role("button", name="提交答复").tap()
    expect(phone.locator(".alert-success")).to_contain_text("谢谢，您的答复已送达联络员。")

    invitation = Invitation.objects.get(activity=activity, deputy=deputy)
    assert invitation.reply == Invitation.Reply.CONFIRMED
    account.refresh_from_db()
    assert account.is_active and account.last_login is not None and not account.has_usable_password()
    assert [message.reference.split("-")[0] for message in sms.messages()] == ["activation", "login"]
