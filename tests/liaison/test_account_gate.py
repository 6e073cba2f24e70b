"""The gate after the password (等保 level-3 switches): a second factor for the roles that require one, and a
password change once a password is too old."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.liaison.factories import UserFactory

# django-otp makes a device wait after a wrong code (1 s after the first), so guessing is slow.
THROTTLE_AFTER_ONE_FAILURE = 1.1


def log_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": "test-password-123"})
    assert response.status_code == 302
    return client


def current_code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def staff_with_required_factor(settings, db):
    settings.OTP_REQUIRED_ROLES = ["staff", "admin"]
    return UserFactory(username="staff", role="staff")


def test_a_role_that_requires_a_second_factor_must_set_one_up_first(staff_with_required_factor):
    client = log_in("staff")
    response = client.get(reverse("deputies:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
    page = client.get(reverse("second_factor_setup"))
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff_with_required_factor)
    assert client.post(reverse("second_factor_setup"), {"code": "000000"}).status_code != 302
    time.sleep(THROTTLE_AFTER_ONE_FAILURE)
    response = client.post(
        reverse("second_factor_setup") + "?next=/deputies/", {"code": current_code(device)}
    )
    assert response.status_code == 302 and response["Location"] == "/deputies/"
    assert client.get(reverse("deputies:list")).status_code == 200


def test_a_user_with_a_device_gives_a_code_at_every_login(staff_with_required_factor):
    device = TOTPDevice.objects.create(user=staff_with_required_factor, name="app", confirmed=True)
    client = log_in("staff")
    assert client.get(reverse("home:home"))["Location"].startswith(reverse("second_factor_verify"))
    wrong = client.post(reverse("second_factor_verify"), {"code": "123456"})
    assert "not right" in wrong.content.decode() or "不对" in wrong.content.decode()
    time.sleep(THROTTLE_AFTER_ONE_FAILURE)
    client.post(reverse("second_factor_verify"), {"code": current_code(device)})
    assert client.get(reverse("home:home")).status_code == 200


def test_other_roles_need_no_second_factor_unless_they_chose_one(staff_with_required_factor, officer_user):
    assert log_in("officer").get(reverse("home:home")).status_code == 200


def test_an_expired_password_must_be_changed_first(settings, officer_user):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    officer_user.password_changed_at = timezone.now() - timedelta(days=91)
    officer_user.save(update_fields=["password_changed_at"])
    client = log_in("officer")
    assert client.get(reverse("home:home"))["Location"].startswith(reverse("password_change"))
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "test-password-123",
            "new_password1": "Fresh-password-2026",
            "new_password2": "Fresh-password-2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home:home")).status_code == 200


def test_set_password_records_when(db):
    user = UserFactory()
    assert timezone.now() - user.password_changed_at < timedelta(minutes=1)
