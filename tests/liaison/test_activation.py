"""Deputies' accounts from the roster, and the single-use activation link each gets by SMS (issue 14).
The links are read back from the file the real SMS backend wrote."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from deputies.models import Deputy
from liaison.accounts.models import ActivationToken
from liaison.models import User
from liaison.security import SecurityEvent
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory
from tests.liaison.factories import StationingFactory, UserFactory
from tests.liaison.sms_file import SmsFile

ACCOUNTS = reverse("deputies:accounts")
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def sms(settings, monkeypatch, tmp_path):
    return SmsFile.install(settings, monkeypatch, tmp_path)


@pytest.fixture
def stationed(point):
    """Three deputies of the officer's station: one with a mobile, one with a landline, one with none."""
    deputies = [
        DeputyFactory(name="王芳", phone="+8613900000001"),
        DeputyFactory(name="李娜", phone="+862788886666"),
        DeputyFactory(name="刘强", phone=""),
    ]
    for deputy in deputies:
        StationingFactory(deputy=deputy, station=point)
    return deputies


def _path(link):
    assert link.startswith(SITE)
    return link.removeprefix(SITE)


def _accounts(client, **data):
    return client.post(ACCOUNTS, data)


def test_an_officer_creates_the_accounts_of_their_deputies_in_one_step(
    officer, officer_user, stationed, deputy_user, other_deputy_record, sms
):
    response = _accounts(officer, mode="everyone")
    assert response.status_code == 200
    report = response.context["report"]
    assert [deputy.name for deputy, sent in report.created] == ["王芳"]
    assert {deputy.name: reason.label for deputy, reason in report.refused} == {
        "李娜": "名册中没有中国大陆手机号：请先在名册中补充",
        "刘强": "名册中没有中国大陆手机号：请先在名册中补充",
    }
    page = response.content.decode()
    assert "已开通 1 个账号" in page and "2 位代表未开通账号" in page
    user = User.objects.get(deputy__name="王芳")
    assert user.role == User.Role.DEPUTY and not user.is_active and user.phone == "+8613900000001"
    assert not user.has_usable_password()
    # The other station's deputy and the one with an account are not touched.
    other_deputy_record.refresh_from_db()
    assert other_deputy_record.user is None and User.objects.filter(role="deputy").count() == 2
    text = sms.last("+8613900000001").text
    assert text.startswith("王芳，您的人大代表联络站账号已开通。请在72小时内打开链接激活")
    events = SecurityEvent.objects.filter(target=f"liaison.User #{user.pk}", user=officer_user)
    assert set(events.values_list("detail", flat=True)) == {
        "created, role=deputy",
        f"deputy record #{user.deputy.pk} linked",
        "activation link sent by SMS",
    }


def test_ticked_deputies_are_reported_one_by_one(committee_staff, stationed, deputy_record, deputy_user, sms):
    left = DeputyFactory(name="黄丽", phone="+8613900000002", is_active=False)
    ids = [stationed[0].pk, deputy_record.pk, left.pk]
    report = _accounts(committee_staff, deputy=ids).context["report"]
    assert [deputy.name for deputy, sent in report.created] == ["王芳"]
    assert {deputy.name: reason.value for deputy, reason in report.refused} == {
        "陈建国": "has_account",
        "黄丽": "left",
    }


def test_an_officer_cannot_tick_another_stations_deputy(officer, other_deputy_record, sms):
    response = _accounts(officer, deputy=[other_deputy_record.pk])
    assert response.status_code == 200 and "report" not in response.context
    other_deputy_record.refresh_from_db()
    assert other_deputy_record.user is None


def test_by_group_and_by_station(committee_staff, stationed, point, other_deputy_record, sms):
    group = DeputyGroupFactory()
    group.members.add(stationed[0])
    report = _accounts(committee_staff, mode="group", group=group.pk).context["report"]
    assert [deputy.name for deputy, sent in report.created] == ["王芳"] and not report.refused
    report = _accounts(
        committee_staff, mode="station", station=other_deputy_record.stationings.get().station_id
    )
    assert [deputy.name for deputy, sent in report.context["report"].created] == ["林小红"]
    assert "请选择代表小组" in _accounts(committee_staff, mode="group").content.decode()


def test_a_mobile_another_account_has_gets_no_second_account(committee_staff, stationed, sms):
    UserFactory(phone="+8613900000001")
    report = _accounts(committee_staff, deputy=[stationed[0].pk]).context["report"]
    assert report.refused == [(stationed[0], "phone_taken")]


def test_the_usernames_are_free_ones(committee_staff, stationed, sms):
    UserFactory(username=f"deputy{stationed[0].pk}")
    _accounts(committee_staff, deputy=[stationed[0].pk])
    assert User.objects.get(deputy=stationed[0]).username == f"deputy{stationed[0].pk}-2"


def test_a_deputy_activates_with_nothing_to_choose_and_the_link_works_once(officer, stationed, sms):
    _accounts(officer, mode="everyone")
    link = _path(sms.link("+8613900000001"))
    anonymous = Client()
    page = anonymous.get(link)
    assert page.status_code == 200 and "139****0001" in page.content.decode()
    assert not User.objects.get(deputy=stationed[0]).is_active  # a GET changes nothing
    response = anonymous.post(link, {"password1": "", "password2": ""})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:phone_login")
    user = User.objects.get(deputy=stationed[0])
    assert user.is_active and not user.has_usable_password()
    assert anonymous.get(link).status_code == 404
    assert anonymous.post(link, {"password1": "", "password2": ""}).status_code == 404
    assert SecurityEvent.objects.filter(
        detail="activation link used", target=f"liaison.User #{user.pk}"
    ).exists()


def test_a_deputy_may_choose_a_password_on_activation(officer, stationed, sms):
    _accounts(officer, mode="everyone")
    link = _path(sms.link("+8613900000001"))
    weak = Client().post(link, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200 and not User.objects.get(deputy=stationed[0]).is_active
    Client().post(link, {"password1": "Quite-long-2026", "password2": "Quite-long-2026"})
    user = User.objects.get(deputy=stationed[0])
    assert user.is_active and user.check_password("Quite-long-2026")


def test_a_link_expires(officer, stationed, sms, settings):
    _accounts(officer, mode="everyone")
    token = ActivationToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(hours=settings.ACCOUNT_ACTIVATION_HOURS)
    ActivationToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    page = Client().get(_path(sms.link("+8613900000001")))
    assert page.status_code == 404 and "该链接已过期或已使用" in page.content.decode()


def test_an_officer_sends_the_link_again_while_it_waits_and_never_after(
    officer, officer_user, stationed, sms
):
    url = reverse("deputies:account_activation", args=[stationed[0].pk])
    officer.post(url)  # creates the account and sends the first link
    first = sms.link("+8613900000001")
    officer.post(url)
    second = sms.link("+8613900000001")
    assert first != second and len(sms.messages()) == 2
    assert Client().get(_path(first)).status_code == 404
    Client().post(_path(second), {"password1": "", "password2": ""})
    response = officer.post(url, follow=True)
    assert "只有代表工委工作人员可以为该账号重新发送链接" in response.content.decode()
    assert len(sms.messages()) == 2


def test_a_deputy_without_a_mobile_is_told_why_on_their_account_page(officer, stationed, sms):
    response = officer.post(reverse("deputies:account_activation", args=[stationed[2].pk]), follow=True)
    assert "名册中没有中国大陆手机号" in response.content.decode()
    assert not User.objects.filter(role="deputy").exists()


def test_staff_link_an_existing_account_to_a_deputy_and_part_them_again(committee_staff, stationed):
    account = UserFactory(username="old", role=User.Role.DEPUTY)
    deputy = stationed[0]
    page = committee_staff.get(reverse("deputies:account", args=[deputy.pk])).content.decode()
    assert f'value="{account.pk}"' in page
    committee_staff.post(reverse("deputies:account_link", args=[deputy.pk]), {"user": account.pk})
    assert Deputy.objects.get(pk=deputy.pk).user == account
    # A deputy record takes one account, and an account one record.
    other = UserFactory(username="other", role=User.Role.DEPUTY)
    committee_staff.post(reverse("deputies:account_link", args=[deputy.pk]), {"user": other.pk})
    assert Deputy.objects.get(pk=deputy.pk).user == account
    assert (
        committee_staff.post(
            reverse("deputies:account_link", args=[stationed[1].pk]), {"user": account.pk}
        ).status_code
        == 404
    )
    committee_staff.post(reverse("deputies:account_unlink", args=[deputy.pk]))
    assert Deputy.objects.get(pk=deputy.pk).user is None
    details = SecurityEvent.objects.filter(target=f"liaison.User #{account.pk}").values_list(
        "detail", flat=True
    )
    assert {f"deputy record #{deputy.pk} linked", f"deputy record #{deputy.pk} unlinked"} <= set(details)


def test_officers_neither_link_nor_part_accounts(officer, stationed):
    account = UserFactory(username="old", role=User.Role.DEPUTY)
    assert (
        officer.post(
            reverse("deputies:account_link", args=[stationed[0].pk]), {"user": account.pk}
        ).status_code
        == 403
    )
    assert officer.post(reverse("deputies:account_unlink", args=[stationed[0].pk])).status_code == 403


def test_the_roster_ticks_deputies_and_says_who_has_an_account(officer, stationed, deputy_user):
    page = officer.get(reverse("deputies:list")).content.decode()
    assert 'form="accounts-form"' in page and f'value="{stationed[0].pk}"' in page
    assert 'id="accounts-form"' in page and ACCOUNTS in page


def test_a_gateway_that_fails_leaves_the_account_and_says_the_sms_did_not_go(
    committee_staff, stationed, sms, monkeypatch, caplog
):
    monkeypatch.setenv("SMS_FILE_FAIL", "1")
    response = _accounts(committee_staff, deputy=[stationed[0].pk])
    assert response.context["report"].created == [(stationed[0], False)]
    assert "未能发送：请在该代表的账号页面重新发送" in response.content.decode()
    assert "139****0001" in caplog.text and "13900000001" not in caplog.text
    assert "/accounts/activate/" not in caplog.text
    user = User.objects.get(deputy=stationed[0])
    assert "activation link issued" in SecurityEvent.objects.filter(
        target=f"liaison.User #{user.pk}"
    ).values_list("detail", flat=True)


def test_the_deputys_page_leads_staff_and_officers_to_the_account(
    committee_staff, officer, deputy, deputy_record
):
    url = reverse("deputies:account", args=[deputy_record.pk])
    assert url in committee_staff.get(deputy_record.get_absolute_url()).content.decode()
    assert url in officer.get(deputy_record.get_absolute_url()).content.decode()
    assert url not in deputy.get(deputy_record.get_absolute_url()).content.decode()
