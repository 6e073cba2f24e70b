from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def next_or_home(request, target):
    """Where a login step goes on: `target` (a `?next=`) when it is a page of this site, else the home page.
    What redirect() takes."""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL
