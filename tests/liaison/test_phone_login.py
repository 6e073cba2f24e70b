"""Login by phone number and SMS code (liaison/accounts/login_codes.py, SECURITY.md "Login by phone"): the
codes go through the real file SMS backend and are read back from its file."""

import logging
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.accounts.models import LoginCode
from liaison.models import User
from liaison.security import SecurityEvent
from liaison.tasks import purge_login_codes
from tests.liaison.factories import UserFactory
from tests.liaison.sms_file import SmsFile

MOBILE = "+8613812345678"
URL = "/accounts/login/phone/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings, monkeypatch, tmp_path):
    return SmsFile.install(settings, monkeypatch, tmp_path)


@pytest.fixture
def account(db):
    return UserFactory(username="chen", role=User.Role.DEPUTY, phone=MOBILE)


def ask(client, phone="138 1234 5678", address="10.0.0.1", next=""):
    return client.post(URL, {"phone": phone, "next": next}, REMOTE_ADDR=address)


def give(client, code, phone=MOBILE, address="10.0.0.1", next=""):
    return client.post(URL, {"phone": phone, "code": code, "next": next}, REMOTE_ADDR=address)


def page_text(response):
    """The page without the parts that differ between any two requests (CSRF tokens) or numbers."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r"\+86\d+|\d{3}\*{4}\d{4}", "", text)


def wrong(code):
    return f"{(int(code) + 1) % 10**6:06d}"


def test_a_code_by_sms_logs_the_account_in_and_opens_the_page_asked_for(client, sms, account):
    response = ask(client, next="/activities/mine/")
    assert response.status_code == 200
    assert "138****5678" in response.content.decode()
    code = sms.code(MOBILE)
    response = give(client, code, next="/activities/mine/")
    assert response.status_code == 302 and response["Location"] == "/activities/mine/"
    assert client.session["_auth_user_id"] == str(account.pk)
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.LOGIN_SUCCEEDED, user=account).exists()


def test_a_link_from_a_reminder_sms_comes_back_after_the_phone_login(client, sms, account):
    wanted = reverse("activities:mine")
    login_page = client.get(wanted, follow=True)
    assert login_page.request["PATH_INFO"] == reverse("login")
    assert f'href="{URL}?next={wanted}"' in login_page.content.decode()
    phone_page = client.get(URL, {"next": wanted})
    assert f'name="next" value="{wanted}"' in phone_page.content.decode()
    ask(client, next=wanted)
    assert give(client, sms.code(MOBILE), next=wanted)["Location"] == wanted


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_next_to_another_site_goes_home_instead(client, sms, account, target):
    ask(client, next=target)
    assert give(client, sms.code(MOBILE), next=target)["Location"] == reverse("home:home")


def test_a_code_works_once(client, sms, account):
    ask(client)
    code = sms.code(MOBILE)
    give(client, code)
    client.logout()
    response = give(client, code)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_a_code_expires(client, sms, account, settings):
    ask(client)
    LoginCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert give(client, sms.code(MOBILE)).status_code == 200
    assert "_auth_user_id" not in client.session


def test_only_the_latest_code_counts(client, sms, account):
    ask(client)
    first = sms.code(MOBILE)
    LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    ask(client)
    second = sms.code(MOBILE)
    if first != second:
        assert give(client, first).status_code == 200
    assert give(client, second).status_code == 302


def test_a_code_is_dead_after_too_many_wrong_tries_from_anywhere(client, sms, account, settings):
    ask(client)
    code = sms.code(MOBILE)
    for attempt in range(settings.LOGIN_CODE_MAX_TRIES):
        give(client, wrong(code), address=f"10.0.1.{attempt}")  # other addresses: no axes lockout
    assert give(client, code, address="10.0.2.1").status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_lock_the_account_from_that_address_like_wrong_passwords(client, sms, account, settings):
    settings.LOGIN_CODE_MAX_TRIES = 100
    ask(client)
    code = sms.code(MOBILE)
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        assert give(client, wrong(code)).status_code == 200
    # A wrong password adds up to the same lockout of (username, address).
    client.post(reverse("login"), {"username": "chen", "password": "wrong"}, REMOTE_ADDR="10.0.0.1")
    assert give(client, wrong(code)).status_code == 429
    assert give(client, code).status_code == 429  # even the right code waits now
    assert (
        client.post(
            reverse("login"), {"username": "chen", "password": "test-password-123"}, REMOTE_ADDR="10.0.0.1"
        ).status_code
        == 429
    )
    # And no new code goes to a locked-out account, though the answer is the same.
    LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    sent = len(sms.messages())
    assert ask(client).status_code == 200
    assert len(sms.messages()) == sent


def test_nothing_tells_an_unknown_or_inactive_number_from_an_account(client, sms, account):
    UserFactory(username="gone", phone="+8613900002222", is_active=False)
    known = page_text(ask(client, phone=MOBILE))
    assert page_text(ask(client, phone="+8613900002222")) == known
    assert page_text(ask(client, phone="+8613900003333")) == known
    assert [sms.phone for sms in sms.messages()] == [MOBILE]
    # A wrong code reads the same whoever the number is.
    answers = {page_text(give(client, "000000", phone=phone)) for phone in (MOBILE, "+8613900003333")}
    assert len(answers) == 1


def test_a_number_shared_by_two_accounts_logs_nobody_in(client, sms, account):
    UserFactory(username="twin", phone=MOBILE)
    ask(client)
    assert sms.messages() == []


def test_one_code_a_minute_per_number(client, sms, account):
    ask(client)
    response = ask(client)
    assert "1 分钟后再试" in response.content.decode()
    assert 'name="code"' in response.content.decode()  # the code sent a moment ago can still be given
    assert len(sms.messages()) == 1


def test_five_codes_an_hour_per_number(client, sms, account, settings):
    for minutes in range(5):
        LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=10 - minutes))
        ask(client)
    assert len(sms.messages()) == 5
    LoginCode.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    assert "分钟后再试" in ask(client).content.decode()
    assert len(sms.messages()) == 5


def test_twenty_codes_an_hour_per_address(client, sms, account):
    for number in range(20):
        ask(client, phone=f"+86139000{number:05d}")
    ask(client, phone=MOBILE)
    assert sms.messages() == []
    ask(client, phone=MOBILE, address="10.0.0.2")
    assert len(sms.messages()) == 1


def test_codes_are_kept_as_digests_and_never_logged(client, sms, account, caplog):
    with caplog.at_level(logging.DEBUG):
        ask(client)
        code = sms.code(MOBILE)
        give(client, wrong(code))
        give(client, code)
    row = LoginCode.objects.get()
    stored = " ".join(str(value) for value in LoginCode.objects.values_list().get())
    assert code not in stored and "13812345678" not in stored
    assert row.user == account and row.used_at is not None
    assert code not in caplog.text and "13812345678" not in caplog.text
    logged = " ".join(
        SecurityEvent.objects.values_list("username", "path", "detail", "target").get(
            kind=SecurityEvent.Kind.LOGIN_FAILED
        )
    )
    assert code not in logged and "13812345678" not in logged


def test_a_wrong_code_for_an_unknown_number_is_logged_masked(client, sms):
    ask(client, phone="+8613900003333")
    give(client, "123456", phone="+8613900003333")
    failed = SecurityEvent.objects.get(kind=SecurityEvent.Kind.LOGIN_FAILED)
    assert failed.username == "phone 139****3333"


def test_a_user_with_a_second_factor_still_gives_it(client, sms, account):
    TOTPDevice.objects.create(user=account, name="app", confirmed=True)
    ask(client, next="/activities/mine/")
    response = give(client, sms.code(MOBILE), next="/activities/mine/")
    followed = client.get(response["Location"])
    assert followed.status_code == 302
    assert followed["Location"].startswith(reverse("second_factor_verify"))
    assert "next=/activities/mine/" in followed["Location"]


def test_a_number_that_is_not_a_mainland_mobile_is_refused_with_the_reason(client, sms):
    response = ask(client, phone="027-88886666")
    assert "请输入中国大陆手机号" in response.content.decode()
    assert LoginCode.objects.count() == 0


def test_old_codes_are_purged(client, sms, account):
    ask(client)
    LoginCode.objects.update(created_at=timezone.now() - timedelta(days=2))
    ask(client)
    assert purge_login_codes() == 1
    assert LoginCode.objects.count() == 1


def test_a_gateway_that_fails_gives_the_same_answer(client, sms, account, monkeypatch, caplog):
    monkeypatch.setenv("SMS_FILE_FAIL", "1")
    with caplog.at_level(logging.WARNING):
        failed = page_text(ask(client))
    assert failed == page_text(ask(client, phone="+8613900003333", address="10.0.0.9"))
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
