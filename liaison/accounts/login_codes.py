"""Login by phone number and SMS code (SECURITY.md, "Login by phone"), beside username and password.

The code's mechanics (6 digits, single use, expiry, tries, limits per number and per address) are those of
every SMS code (sms_codes.py). A number that is no active account's, or whose account is
locked out, gets the same answer and the same limits, and no SMS: the page tells nobody which numbers have
accounts. Wrong codes count towards django-axes' lockout of (username, address), like wrong passwords."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from liaison.accounts.models import LoginCode
from liaison.accounts.sms import AccountSms, account_sms_send
from liaison.accounts.sms_codes import code_issue, code_use, codes_purge
from liaison.core.phones import mask_phone
from liaison.models import User

CODE_TEXT = _(
    "Your login code for the deputy liaison station is %(code)s, valid for %(minutes)d minutes. "
    "Do not give it to anyone."
)
PURPOSE = "login_code"


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


def login_code_send(request, phone):
    """Make a code for `phone` (E.164) and send it when the number is an active account's that is not
    locked out. Raises ActionRefused when a limit is reached, for every number alike."""
    address = get_client_ip_address(request) or None
    user = login_user_for_phone(phone)
    if user is not None and not AxesProxyHandler.is_allowed(request, {"username": user.get_username()}):
        user = None
    row, code = code_issue(LoginCode, purpose=PURPOSE, phone=phone, address=address, user=user)
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


def login_code_check(*, phone, code):
    """The account the latest code of `phone` belongs to when `code` is it, still valid; None otherwise.
    A right code is used up; a wrong one counts against the code."""
    latest = code_use(LoginCode.objects.select_related("user"), purpose=PURPOSE, phone=phone, code=code)
    return latest.user if latest is not None else None


def login_codes_purge():
    return codes_purge(LoginCode)


class PhoneCodeBackend(ModelBackend):
    """Authenticates `phone=` and `code=` (after django-axes' lockout check, first of the backends)."""

    def authenticate(self, request, phone=None, code=None, **kwargs):
        if phone is None or code is None:
            return None
        user = login_code_check(phone=phone, code=code)
        return user if user is not None and self.user_can_authenticate(user) else None
