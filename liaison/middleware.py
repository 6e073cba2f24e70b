"""Session rules of 等保2.0 (identity and session management), no caching of pages that may hold
personal data, and Chinese first."""

import time
from datetime import timedelta
from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from liaison.second_factor import PENDING
from liaison.security import SecurityEvent, current_request, security_record

SEEN_AT = "_session_seen_at"
# Record activity at most this often, so an active user does not write the session on every request.
SEEN_RESOLUTION_SECONDS = 60


class SessionLifetimeMiddleware:
    """Log out after SESSION_IDLE_SECONDS without a request, and SESSION_ABSOLUTE_SECONDS after login
    whatever the activity (the login time is the user's last_login, which every login sets)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            login_at = request.user.last_login.timestamp() if request.user.last_login else now
            seen_at = session.get(SEEN_AT, login_at)
            if (
                now - login_at > settings.SESSION_ABSOLUTE_SECONDS
                or now - seen_at > settings.SESSION_IDLE_SECONDS
            ):
                logout(request)
                messages.info(request, _("Your session has ended; please log in again."))
                return redirect_to_login(request.get_full_path())
            if now - seen_at >= SEEN_RESOLUTION_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages served to a logged-in user may hold personal data: no shared or browser cache keeps them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """The interface is Chinese unless the user picked another language with the switch (its cookie);
    the browser's Accept-Language is not consulted, so an English-language browser still gets Chinese."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class SecurityLogMiddleware:
    """Makes the request known to the security log, and logs every refused or out-of-scope object URL of a
    logged-in user (scoped querysets answer 404 for another's object; role checks answer 403)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404 | PermissionDenied) and request.user.is_authenticated:
            reason = "not found or out of scope" if isinstance(exception, Http404) else "role not allowed"
            security_record(SecurityEvent.Kind.ACCESS_DENIED, request=request, detail=reason)


# Pages a user may reach while the site waits for a second factor or a new password.
ACCOUNT_GATE_PAGES = {
    "second_factor_verify",
    "second_factor_setup",
    "password_change",
    "password_change_done",
    "logout",
    "set_language",
}


class AccountGateMiddleware:
    """Before anything else, a user owes what their login still lacks: the second-factor code
    (liaison/second_factor.py) or, when passwords expire (PASSWORD_MAX_AGE_DAYS), a new password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            owed = self._owed(request)
            if owed and resolve(request.path_info).url_name not in ACCOUNT_GATE_PAGES:
                return redirect(f"{reverse(owed)}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def _owed(self, request):
        pending = request.session.get(PENDING)
        if pending:
            return f"second_factor_{pending}"
        max_age = settings.PASSWORD_MAX_AGE_DAYS
        changed = request.user.password_changed_at
        if max_age and (changed is None or timezone.now() - changed > timedelta(days=max_age)):
            return "password_change"
        return None
