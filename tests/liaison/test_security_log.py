"""The append-only security log: what it records, that nobody can change or remove a row, and staff's search."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from liaison.security import AppendOnlyError, SecurityEvent, security_record
from tests.liaison.factories import UserFactory

Kind = SecurityEvent.Kind


def login_kinds():
    events = SecurityEvent.objects.exclude(kind__in=[Kind.ACCOUNT_CHANGED, Kind.PASSWORD_CHANGED])
    return list(events.order_by("pk").values_list("kind", flat=True))


@pytest.mark.django_db
def test_logins_failures_lockouts_and_logouts_are_logged(client, settings):
    UserFactory(username="officer")
    client.post(
        reverse("login"), {"username": "officer", "password": "test-password-123"}, REMOTE_ADDR="10.1.2.3"
    )
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "officer", "password": "wrong"}, REMOTE_ADDR="10.1.2.3")
    logged = login_kinds()
    assert logged[:2] == [Kind.LOGIN_SUCCEEDED, Kind.LOGGED_OUT]
    assert logged.count(Kind.LOGIN_FAILED) == settings.AXES_FAILURE_LIMIT
    assert Kind.LOCKED_OUT in logged
    failed = SecurityEvent.objects.filter(kind=Kind.LOGIN_FAILED).first()
    assert failed.username == "officer" and failed.address == "10.1.2.3" and failed.user is None


def test_out_of_scope_and_forbidden_pages_are_logged(other_officer, deputy_record, deputy):
    assert other_officer.get(reverse("deputies:detail", args=[deputy_record.pk])).status_code == 404
    assert deputy.get(reverse("deputies:list")).status_code == 403
    denied = SecurityEvent.objects.filter(kind=Kind.ACCESS_DENIED).order_by("pk")
    assert [(event.username, event.path) for event in denied] == [
        ("other_officer", reverse("deputies:detail", args=[deputy_record.pk])),
        ("deputy", reverse("deputies:list")),
    ]


def test_exports_and_imports_are_logged(committee_staff):
    committee_staff.get(reverse("deputies:export"), {"q": "zs"})
    event = SecurityEvent.objects.get(kind=Kind.EXPORTED)
    assert event.username == "staff" and event.detail == "q=zs"


def test_role_and_password_changes_are_logged(officer_user):
    officer_user.role = officer_user.Role.STAFF
    officer_user.save()
    officer_user.set_password("New-password-2026")
    officer_user.save()
    changed = SecurityEvent.objects.get(kind=Kind.ACCOUNT_CHANGED, detail__startswith="role")
    assert changed.detail == "role: officer → staff"
    assert SecurityEvent.objects.filter(
        kind=Kind.PASSWORD_CHANGED, target=f"liaison.User #{officer_user.pk}"
    ).exists()


def test_a_login_does_not_count_as_an_account_change(client, officer_user):
    client.post(reverse("login"), {"username": "officer", "password": "test-password-123"})
    assert (
        not SecurityEvent.objects.filter(kind=Kind.ACCOUNT_CHANGED)
        .exclude(detail__startswith="created")
        .exists()
    )


@pytest.mark.django_db
def test_the_log_cannot_be_changed_or_removed():
    event = SecurityEvent.objects.create(kind=Kind.EXPORTED, username="x")
    event.detail = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.filter(pk=event.pk).update(detail="rewritten")
    with pytest.raises(AppendOnlyError):
        SecurityEvent.objects.all().delete()
    # Below the ORM, the database refuses too.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE liaison_securityevent SET detail = 'rewritten'")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM liaison_securityevent")
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_staff_search_the_log(committee_staff, other_officer, deputy_record):
    other_officer.get(reverse("deputies:detail", args=[deputy_record.pk]))
    page = committee_staff.get(reverse("security_log"), {"kind": Kind.ACCESS_DENIED, "username": "other"})
    assert [event.username for event in page.context["page"]] == ["other_officer"]


def test_staff_read_targets_and_details_in_chinese(committee_staff, other_officer, deputy, deputy_record):
    """The log keeps its English as written; the page shows it through the catalogue."""
    other_officer.get(reverse("deputies:detail", args=[deputy_record.pk]))
    deputy.get(reverse("deputies:list"))
    UserFactory(username="new_unit", role="unit")
    security_record(Kind.EXPORTED, target="voters", detail="3 rows")
    page = committee_staff.get(reverse("security_log")).content.decode()
    for shown in (
        "未找到或不在权限范围内",
        "角色无权访问",
        "创建账号，角色：承办单位人员",
        "3 行",
        "选民",
        "用户 #",
    ):
        assert shown in page, shown
    for stored in ("not found or out of scope", "role not allowed", "created, role=unit", "3 rows"):
        assert stored not in page, stored


def test_staff_of_a_street_read_the_lines_of_their_streets_accounts_only(
    street_staff, district_staff, committee_staff, officer_user, other_officer_user, deputy_user, staff_user
):
    """Issue 15: an officer of the street's station, a deputy stationed there, a failed login by such an
    account's username; not the other street's officer, nor staff of the whole deployment."""
    before = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    for user in (officer_user, other_officer_user, deputy_user, staff_user):
        SecurityEvent.objects.create(kind=Kind.EXPORTED, user=user, username=user.username)
    SecurityEvent.objects.create(kind=Kind.LOGIN_FAILED, username="officer")
    SecurityEvent.objects.create(kind=Kind.LOGIN_FAILED, username="other_officer")

    def read(client):
        events = client.get(reverse("security_log"), {"kind": ""}).context["page"]
        return sorted((event.kind, event.username) for event in events if event.pk > before)

    assert read(street_staff) == [
        (Kind.EXPORTED, "deputy"),
        (Kind.EXPORTED, "officer"),
        (Kind.LOGIN_FAILED, "officer"),
    ]
    assert len(read(district_staff)) == 5  # both streets' officers and the deputy, not staff's own line
    assert len(read(committee_staff)) == 6
