"""A voter on a phone-sized browser reads a deputy's report to voters on the station's board, rates it with
the code the SMS brought (read back from the file the real file backend writes), and is refused a second
rating from the same number (述职 and 评议, seed 004)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from liaison.activities.models import RatingBallot
from tests.activities.factories import report_meeting
from tests.browser.conftest import scrolls_sideways
from tests.liaison.sms_file import SmsFile

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VOTER = "+8613700004321"


@pytest.fixture
def sms(settings, monkeypatch, tmp_path):
    return SmsFile.install(settings, monkeypatch, tmp_path)


def test_a_voter_reads_the_report_and_rates_it_once_on_a_phone(
    phone_page, live_server, sms, point, officer_user, deputy_record
):
    meeting = report_meeting(station=point, organiser=officer_user, deputies=[deputy_record])
    phone = phone_page
    phone.set_default_timeout(10_000)
    phone.goto(f"{live_server.url}{reverse('home:station_public', args=[point.pk])}")
    phone.get_by_text("阅读述职报告").first.tap()
    expect(phone.get_by_text("陈建国的述职报告")).to_be_visible()
    phone.get_by_role("link", name="测评本次述职").tap()
    expect(phone.locator("h1")).to_have_text(meeting.title)
    assert not scrolls_sideways(phone), "the rating page scrolls sideways on a phone"

    phone.get_by_label("基本满意").check()
    phone.get_by_label("手机号").fill("137 0000 4321")
    phone.get_by_role("button", name="获取验证码").tap()
    expect(phone.get_by_role("status")).to_contain_text("验证码已通过短信发送")
    expect(phone.get_by_label("基本满意")).to_be_checked()
    phone.get_by_label("短信验证码").fill(sms.code(VOTER))
    phone.get_by_role("button", name="提交测评").tap()
    expect(phone.locator("h1")).to_have_text("感谢您的测评")
    assert RatingBallot.objects.get(activity=meeting).marks.get().rating == "basically"

    phone.goto(f"{live_server.url}{reverse('activities:rate', args=[meeting.pk])}")
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_label("手机号").fill("13700004321")
    phone.get_by_role("button", name="获取验证码").tap()
    expect(phone.get_by_role("alert")).to_contain_text("每个手机号只能测评一次")
    assert len(sms.messages(VOTER)) == 1
