"""The pages' security headers and cache policy, session limits, the password rules (等保, SECURITY.md)."""

import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.middleware import SEEN_AT


def test_every_page_sends_a_strict_content_security_policy(officer, anonymous, deputy_record):
    for client, url in [
        (officer, reverse("home:home")),
        (anonymous, reverse("login")),
        (anonymous, reverse("home:deputy_public", args=[deputy_record.public_token])),
    ]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "frame-ancestors 'none'" in policy
        assert "script-src 'self'" in policy  # plus a nonce when a page needs an inline script
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_no_template_carries_inline_script_or_style():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for marker in (" style=", "<style>", "<script>", " onclick=", " onload=", "javascript:"):
            if marker in text:
                offenders.append(f"{template.relative_to(root)}: {marker.strip()}")
    assert not offenders


def test_pages_of_logged_in_users_are_never_cached(officer, anonymous, deputy_record):
    cache_control = officer.get(reverse("deputies:list"))["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    public = anonymous.get(reverse("home:deputy_public", args=[deputy_record.public_token]))
    assert "public" in public["Cache-Control"]


def test_an_idle_session_ends(officer):
    session = officer.session
    session[SEEN_AT] = time.time() - 31 * 60
    session.save()
    response = officer.get(reverse("home:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert officer.get(reverse("home:home")).status_code == 302  # logged out for good


def test_an_active_session_ends_after_twelve_hours(officer, officer_user):
    officer_user.last_login = timezone.now() - timedelta(hours=12, minutes=1)
    officer_user.save(update_fields=["last_login"])
    session = officer.session
    session[SEEN_AT] = time.time()
    session.save()
    assert officer.get(reverse("home:home")).status_code == 302


def test_an_active_session_within_limits_goes_on(officer):
    session = officer.session
    session[SEEN_AT] = time.time() - 29 * 60
    session.save()
    assert officer.get(reverse("home:home")).status_code == 200


def test_a_password_change_or_deactivation_ends_every_session(
    officer, officer_user, committee_staff, staff_user
):
    officer_user.set_password("another-Password-2026")
    officer_user.save()
    assert officer.get(reverse("home:home")).status_code == 302
    staff_user.is_active = False
    staff_user.save()
    assert committee_staff.get(reverse("home:home")).status_code == 302


@pytest.mark.parametrize(
    ("password", "accepted"),
    [
        ("lowercaseonlyword", False),
        ("Lowercase-and-Upper", True),
        ("abcdefgh12345", False),
        ("abcdEFGH12345", True),
    ],
)
def test_passwords_mix_character_classes(password, accepted, db):
    try:
        validate_password(password)
    except ValidationError:
        assert not accepted
    else:
        assert accepted
