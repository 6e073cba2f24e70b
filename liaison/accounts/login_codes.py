"""Login by phone number and SMS code (SECURITY.md, "Login by phone"), beside username and password.

A code has 6 digits, works once, for LOGIN_CODE_VALID_SECONDS, and only the latest one of a number counts;
it is refused after LOGIN_CODE_MAX_TRIES wrong tries. Codes asked for are limited per number and per
address (LOGIN_CODE_PER_PHONE, LOGIN_CODE_PER_ADDRESS), counted on the rows themselves, so the limits hold
across processes and when the cache is down. A number that is no active account's, or whose account is
locked out, gets the same answer and the same limits, and no SMS: the page tells nobody which numbers have
accounts. Wrong codes count towards django-axes' lockout of (username, address), like wrong passwords."""

import secrets
from datetime import timedelta
from math import ceil

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override

from liaison.accounts.models import LoginCode, secret_digest
from liaison.accounts.sms import AccountSms, account_sms_send
from liaison.core.errors import ActionRefused
from liaison.core.phones import mask_phone
from liaison.models import User

CODE_TEXT = _(
    "Your login code for the deputy liaison station is %(code)s, valid for %(minutes)d minutes. "
    "Do not give it to anyone."
)
# Rows older than this are no use to any limit and are deleted by beat (liaison/tasks.py).
KEEP = timedelta(days=1)


def login_user_for_phone(phone):
    """The one active account with this mobile, or None: none, or several (an ambiguous number logs
    nobody in; the accounts pages refuse a number another account has)."""
    users = list(User.objects.filter(phone=phone, is_active=True)[:2])
    return users[0] if len(users) == 1 else None


def lockout_name(phone):
    """The name django-axes counts a wrong code under: the account's username, so that wrong passwords
    and wrong codes add up to one lockout of (username, address); for a number that is no account's, the
    number masked (never in clear, in axes' table nor in the security log)."""
    user = login_user_for_phone(phone)
    return user.get_username() if user is not None else f"phone {mask_phone(phone)}"


def _phone_digest(phone):
    return secret_digest("phone", phone)


def _code_digest(phone_digest, code):
    return secret_digest("login_code", f"{phone_digest}:{code}")


def _refuse_over(rows, limits, now):
    for most, seconds in limits:
        window = rows.filter(created_at__gt=now - timedelta(seconds=seconds)).order_by("-created_at")
        recent = list(window.values_list("created_at", flat=True)[:most])
        if len(recent) >= most:
            wait = ceil((recent[-1] + timedelta(seconds=seconds) - now).total_seconds() / 60)
            raise ActionRefused(
                ngettext(
                    "Too many codes were asked for. Try again in %(minutes)d minute.",
                    "Too many codes were asked for. Try again in %(minutes)d minutes.",
                    wait,
                )
                % {"minutes": wait}
            )


def login_code_send(request, phone):
    """Make a code for `phone` (E.164) and send it when the number is an active account's that is not
    locked out. Raises ActionRefused when a limit is reached, for every number alike."""
    now = timezone.now()
    address = get_client_ip_address(request) or None
    digest = _phone_digest(phone)
    user = login_user_for_phone(phone)
    if user is not None and not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
        user = None
    code = f"{secrets.randbelow(10**6):06d}"
    # The row is written (and committed) before the limits are counted, each request counting the others'
    # rows: of two requests at the same moment, the later to count sees the earlier, so the limit cannot be
    # passed twice. A refused request's row is removed, so that refusals do not count.
    row = LoginCode.objects.create(
        phone_digest=digest,
        user=user,
        code_digest=_code_digest(digest, code),
        address=address,
        created_at=now,
        expires_at=now + timedelta(seconds=settings.LOGIN_CODE_VALID_SECONDS),
    )
    others = LoginCode.objects.exclude(pk=row.pk)
    try:
        _refuse_over(others.filter(phone_digest=digest), settings.LOGIN_CODE_PER_PHONE, now)
        if address:
            _refuse_over(others.filter(address=address), settings.LOGIN_CODE_PER_ADDRESS, now)
    except ActionRefused:
        row.delete()
        raise
    if user is not None:
        minutes = settings.LOGIN_CODE_VALID_SECONDS // 60
        with override(settings.LANGUAGE_CODE):
            text = str(CODE_TEXT) % {"code": code, "minutes": minutes}
        account_sms_send(
            AccountSms(
                reference=f"login-code-{row.pk}",
                phone=phone,
                kind="login_code",
                params={"code": code, "minutes": str(minutes)},
                text=text,
            )
        )


@transaction.atomic
def login_code_check(*, phone, code):
    """The account the latest code of `phone` belongs to when `code` is it, still valid; None otherwise.
    A right code is used up; a wrong one counts against the code."""
    now = timezone.now()
    digest = _phone_digest(phone)
    latest = (
        LoginCode.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(phone_digest=digest)
        .order_by("-created_at", "-pk")
        .first()
    )
    if (
        latest is None
        or latest.used_at is not None
        or latest.expires_at <= now
        or latest.failed_attempts >= settings.LOGIN_CODE_MAX_TRIES
    ):
        return None
    if not constant_time_compare(latest.code_digest, _code_digest(digest, code)):
        latest.failed_attempts += 1
        latest.save(update_fields=["failed_attempts"])
        return None
    latest.used_at = now
    latest.save(update_fields=["used_at"])
    return latest.user


def login_codes_purge():
    return LoginCode.objects.filter(created_at__lt=timezone.now() - KEEP).delete()[0]


class PhoneCodeBackend(ModelBackend):
    """Authenticates `phone=` and `code=` (after django-axes' lockout check, first of the backends)."""

    def authenticate(self, request, phone=None, code=None, **kwargs):
        if phone is None or code is None:
            return None
        user = login_code_check(phone=phone, code=code)
        return user if user is not None and self.user_can_authenticate(user) else None
