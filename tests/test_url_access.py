"""Every named URL, tried as every role (STYLE.md): a new page cannot ship without a row here.

Each app lists its pages in tests/<app>/access.py; this file walks the URLconf and checks the tables."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.access import ROLES

APPS = [
    "liaison",
    "notifications",
    "deputies",
    "activities",
    "voters",
    "suggestions",
    "livelihood",
    "assessments",
    "home",
]
# Framework pages with their own tests or none of ours: login/logout, password views, i18n, the admin.
FRAMEWORK_NAMESPACES = {"admin"}
FRAMEWORK_NAMES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
}


def _tables():
    merged = {}
    for app in APPS:
        table = importlib.import_module(f"tests.{app}.access").ACCESS
        repeated = sorted(set(merged) & set(table))
        assert not repeated, f"tests/{app}/access.py repeats rows of another table: {repeated}"
        merged.update(table)
    return merged


ACCESS = _tables()
CASES = [(name, role) for name in sorted(ACCESS) for role in ROLES]


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in FRAMEWORK_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_named_url_has_an_access_row():
    names = {name for name in _url_names() if name not in FRAMEWORK_NAMES}
    missing = sorted(names - set(ACCESS))
    assert not missing, f"pages without a row in tests/<app>/access.py: {missing}"
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"rows for pages that no longer exist: {stale}"


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), CASES)
def test_role_gets_expected_status(request, name, role):
    kwargs_from, expected = ACCESS[name]
    kwargs = kwargs_from(request.getfixturevalue) if kwargs_from else {}
    client = request.getfixturevalue(role)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[role], f"{role} on {name}"
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
