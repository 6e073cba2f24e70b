"""Committee staff and administrators manage accounts in the app (liaison/accounts, SECURITY.md "Managing
accounts"): the list, creating, editing role and scope, disabling, passwords and activation links, each
change in the security log."""

import pytest
from django.test import Client
from django.urls import reverse

from liaison.accounts.models import ActivationToken
from liaison.models import User
from liaison.security import SecurityEvent
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import UserFactory
from tests.liaison.sms_file import SmsFile

Kind = SecurityEvent.Kind
# The accounts list: the session, its user, the page's count, its rows, their stations.
QUERIES = 5


@pytest.fixture
def sms(settings, monkeypatch, tmp_path):
    return SmsFile.install(settings, monkeypatch, tmp_path)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=User.Role.ADMIN)


@pytest.fixture
def administrator(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


def _logged(user):
    return list(
        SecurityEvent.objects.filter(kind=Kind.ACCOUNT_CHANGED, target=f"liaison.User #{user.pk}")
        .order_by("pk")
        .values_list("detail", flat=True)
    )


def _new(client, **fields):
    data = {
        "username": "wang",
        "display_name": "王芳",
        "phone": "13900001234",
        "role": "staff",
        "start": "link",
    }
    return client.post(reverse("accounts:user_create"), {**data, **fields})


# --- The list --------------------------------------------------------------------------------------------


def test_the_list_searches_filters_by_role_and_status_and_pages(committee_staff, officer_user, settings):
    settings.LIST_PAGE_SIZE = 2
    waiting = UserFactory(username="li", display_name="李明", phone="+8613900005555", is_active=False)
    ActivationToken.objects.create(user=waiting, token_digest="x", expires_at="2030-01-01T00:00Z")
    UserFactory(username="gone", is_active=False)
    url = reverse("accounts:users")

    def usernames(**query):
        return [user.username for user in committee_staff.get(url, query).context["page"]]

    assert usernames(q="李") == ["li"]
    assert usernames(q="139 0000 5555") == ["li"]
    assert usernames(role="officer", status="active") == ["officer"]
    assert usernames(status="awaiting") == ["li"]
    assert usernames(status="disabled") == ["gone"]
    page = committee_staff.get(url, {"page": 2})
    assert page.context["page"].number == 2 and len(page.context["page"]) == 2
    assert "待激活" in committee_staff.get(url, {"status": "awaiting"}).content.decode()


def test_only_committee_staff_see_the_accounts(officer, deputy, unit_user):
    for client in (officer, deputy, unit_user):
        assert client.get(reverse("accounts:users")).status_code == 403
        assert client.get(reverse("accounts:user_create")).status_code == 403


# --- Creating --------------------------------------------------------------------------------------------


def test_staff_create_an_account_that_waits_for_its_activation_sms(committee_staff, staff_user, sms):
    response = _new(committee_staff)
    user = User.objects.get(username="wang")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:user_detail", args=[user.pk]
    )
    assert not user.is_active and not user.has_usable_password() and user.phone == "+8613900001234"
    assert "/accounts/activate/" in sms.last("+8613900001234").text
    assert _logged(user) == ["created, role=staff", "activation link sent by SMS"]
    assert SecurityEvent.objects.filter(target=f"liaison.User #{user.pk}").first().user == staff_user


def test_staff_create_an_account_with_a_password_that_works_at_once(committee_staff, sms):
    _new(committee_staff, start="password", password="Quite-long-2026", phone="")
    user = User.objects.get(username="wang")
    assert user.is_active and user.check_password("Quite-long-2026")
    assert sms.messages() == []


def test_a_weak_password_or_a_missing_phone_is_refused_with_the_reason(committee_staff):
    response = _new(committee_staff, start="password", password="123")
    assert response.status_code == 200 and not User.objects.filter(username="wang").exists()
    response = _new(committee_staff, phone="")
    assert "激活链接通过短信发送，请填写手机号" in response.content.decode()


def test_a_landline_or_a_number_of_another_account_is_refused(committee_staff, officer_user):
    assert "请输入中国大陆手机号" in _new(committee_staff, phone="027-88886666").content.decode()
    officer_user.phone = "+8613900001234"
    officer_user.save()
    assert "该手机号已被其他账号使用" in _new(committee_staff).content.decode()


def test_an_officer_needs_stations_and_a_unit_user_a_unit(committee_staff, station, handling_unit):
    assert "请选择该联络员负责的联络站" in _new(committee_staff, role="officer").content.decode()
    assert "请选择该账号所属的承办单位" in _new(committee_staff, role="unit").content.decode()
    _new(committee_staff, role="officer", stations=[station.pk], handling_unit=handling_unit.pk)
    user = User.objects.get(username="wang")
    assert list(user.stations.all()) == [station] and user.handling_unit is None
    assert f"stations: [] → [{station.pk}]" in _logged(user)


def test_only_an_administrator_makes_administrators(committee_staff, administrator, sms):
    page = committee_staff.get(reverse("accounts:user_create")).content.decode()
    assert 'value="admin"' not in page
    assert _new(committee_staff, role="admin").status_code == 200
    assert not User.objects.filter(username="wang").exists()
    assert _new(administrator, role="admin").status_code == 302
    assert User.objects.get(username="wang").role == User.Role.ADMIN


# --- Editing ---------------------------------------------------------------------------------------------


def _edit(client, user, **fields):
    data = {
        "username": user.username,
        "display_name": user.display_name,
        "phone": user.phone,
        "email": user.email,
        "role": user.role,
        "stations": [station.pk for station in user.stations.all()],
        "handling_unit": user.handling_unit_id or "",
    }
    return client.post(reverse("accounts:user_edit", args=[user.pk]), {**data, **fields})


def test_staff_change_an_officers_stations_and_it_is_logged(committee_staff, officer_user, station, point):
    response = _edit(committee_staff, officer_user, stations=[station.pk, point.pk])
    assert response.status_code == 302
    assert set(officer_user.stations.all()) == {station, point}
    assert f"stations: [{station.pk}] → {sorted([station.pk, point.pk])}" in _logged(officer_user)


def test_a_new_role_takes_its_own_scope_and_drops_the_old(committee_staff, deputy_user, handling_unit):
    deputy_record = deputy_user.deputy
    _edit(committee_staff, deputy_user, role="unit", handling_unit=handling_unit.pk)
    deputy_user.refresh_from_db()
    deputy_record.refresh_from_db()
    assert deputy_user.role == "unit" and deputy_user.handling_unit == handling_unit
    assert deputy_record.user is None
    assert f"deputy record #{deputy_record.pk} unlinked" in _logged(deputy_user)
    assert f"role: deputy → unit; handling_unit_id: None → {handling_unit.pk}" in _logged(deputy_user)


def test_a_phone_change_is_logged_without_the_number(committee_staff, officer_user):
    _edit(committee_staff, officer_user, phone="13900009999")
    assert "phone changed" in _logged(officer_user)
    assert not SecurityEvent.objects.filter(detail__contains="13900009999").exists()


def test_staff_may_not_touch_an_administrators_account(committee_staff, admin_user):
    page = committee_staff.get(reverse("accounts:user_detail", args=[admin_user.pk])).content.decode()
    assert reverse("accounts:user_edit", args=[admin_user.pk]) not in page
    _edit(committee_staff, admin_user, display_name="改名")
    admin_user.refresh_from_db()
    assert admin_user.display_name != "改名"
    committee_staff.post(reverse("accounts:user_active", args=[admin_user.pk]), {"active": "0"})
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_nobody_changes_their_own_role(committee_staff, staff_user):
    _edit(committee_staff, staff_user, role="officer")
    staff_user.refresh_from_db()
    assert staff_user.role == "staff"


# --- Disabling, passwords, links -------------------------------------------------------------------------


def test_disabling_ends_the_sessions_and_kills_the_links(committee_staff, officer, officer_user, sms):
    officer_user.phone = "+8613900001234"
    officer_user.save()
    committee_staff.post(reverse("accounts:user_activation", args=[officer_user.pk]))
    link = sms.link("+8613900001234")
    committee_staff.post(reverse("accounts:user_active", args=[officer_user.pk]), {"active": "0"})
    officer_user.refresh_from_db()
    assert not officer_user.is_active
    assert officer.get(reverse("home:home")).status_code == 302  # logged out at the next request
    assert Client().get(link.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert "is_active: True → False" in _logged(officer_user)
    committee_staff.post(reverse("accounts:user_active", args=[officer_user.pk]), {"active": "1"})
    officer_user.refresh_from_db()
    assert officer_user.is_active


def test_nobody_disables_their_own_account(committee_staff, staff_user):
    committee_staff.post(reverse("accounts:user_active", args=[staff_user.pk]), {"active": "0"})
    staff_user.refresh_from_db()
    assert staff_user.is_active


def test_staff_set_a_password_and_the_old_sessions_end(committee_staff, officer, officer_user):
    url = reverse("accounts:user_password", args=[officer_user.pk])
    response = committee_staff.post(url, {"password1": "Another-pass-2026", "password2": "Another-pass-2026"})
    assert response.status_code == 302
    officer_user.refresh_from_db()
    assert officer_user.check_password("Another-pass-2026")
    assert officer.get(reverse("home:home")).status_code == 302
    assert SecurityEvent.objects.filter(
        kind=Kind.PASSWORD_CHANGED, target=f"liaison.User #{officer_user.pk}"
    ).exists()
    mismatched = committee_staff.post(url, {"password1": "Another-pass-2026", "password2": "Other-pass-2026"})
    assert "两次输入的密码不一致" in mismatched.content.decode()


def test_without_a_mobile_the_link_is_shown_once_for_staff_to_pass_on(committee_staff, officer_user, sms):
    response = committee_staff.post(reverse("accounts:user_activation", args=[officer_user.pk]))
    assert response.status_code == 200
    link = response.context["link"]
    assert link.startswith("http://127.0.0.1:8000/accounts/activate/") and link in response.content.decode()
    assert sms.messages() == []
    assert "activation link issued" in _logged(officer_user)
    assert link.rsplit("/", 2)[1] not in str(ActivationToken.objects.values_list().get())


def test_a_new_link_replaces_the_old_one(committee_staff, officer_user):
    first = committee_staff.post(reverse("accounts:user_activation", args=[officer_user.pk])).context["link"]
    second = committee_staff.post(reverse("accounts:user_activation", args=[officer_user.pk])).context["link"]
    assert Client().get(first.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert Client().get(second.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_the_accounts_page_shows_its_security_log(committee_staff, officer_user):
    _edit(committee_staff, officer_user, display_name="新名字")
    page = committee_staff.get(reverse("accounts:user_detail", args=[officer_user.pk]))
    assert "display_name changed" in page.content.decode()


@pytest.mark.parametrize("rows", [2, 20])
def test_the_list_costs_the_same_queries_for_2_and_20_accounts(
    committee_staff, station, rows, django_assert_num_queries
):
    officers = UserFactory.create_batch(rows // 2, stations=[station])
    for user in UserFactory.create_batch(rows - len(officers), role=User.Role.DEPUTY):
        DeputyFactory(user=user)
    with django_assert_num_queries(QUERIES):
        assert committee_staff.get(reverse("accounts:users")).status_code == 200
