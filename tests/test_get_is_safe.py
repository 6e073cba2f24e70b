"""GET never changes state (SECURITY.md): every named URL, fetched with GET as every role, leaves every domain
table as it was. Only the append-only security log (it records denied access), sessions, django-axes'
attempts and the record-history tables may move. A state-changing view must therefore answer a GET with
405, or with its form, or with a redirect, and change nothing."""

import hashlib

import pytest
from django.apps import apps
from django.urls import reverse

from tests.access import ROLES
from tests.test_url_access import ACCESS

# Audit trails written by reads on purpose: the security log, and the log of exports of voters' data.
SKIPPED_LABELS = {"liaison.SecurityEvent", "voters.PersonalDataExport", "sessions.Session"}
SKIPPED_APPS = {"axes", "admin"}  # login attempts; the admin's log entries
# Known exceptions, each for one page and one table, so anything else still fails:
# - the second-factor setup page creates the user's unconfirmed TOTP device whose key its QR code shows
#   (django-otp's usual flow); it is confirmed by the POST of a valid code.
ALLOWED = {
    "second_factor_setup": {"otp_totp.TOTPDevice"},
}


def _domain_models():
    for model in apps.get_models():
        if model._meta.label in SKIPPED_LABELS or model._meta.app_label in SKIPPED_APPS:
            continue
        if model.__name__.startswith("Historical") and hasattr(model, "history_id"):
            continue
        yield model


def _state():
    """Per model: the row count and a checksum of every row's columns (updated_at and the rest)."""
    state = {}
    for model in _domain_models():
        columns = [field.attname for field in model._meta.concrete_fields]
        rows = model._base_manager.order_by("pk").values_list(*columns)
        digest = hashlib.sha256()
        count = 0
        for row in rows:
            digest.update(repr(row).encode())
            count += 1
        state[model._meta.label] = (count, digest.hexdigest())
    return state


def _changed(before, after):
    return sorted(label for label in before if before[label] != after.get(label))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ACCESS))
def test_get_changes_no_domain_table(request, name):
    kwargs_from, _expected = ACCESS[name]
    kwargs = kwargs_from(request.getfixturevalue) if kwargs_from else {}
    url = reverse(name, kwargs=kwargs)
    clients = {role: request.getfixturevalue(role) for role in ROLES}
    before = _state()
    for role, client in clients.items():
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404, 405, 429}, f"{role} on {name}"
        after = _state()
        changed = set(_changed(before, after)) - ALLOWED.get(name, set())
        assert not changed, f"GET {name} as {role} changed {sorted(changed)}"
        before = after


@pytest.mark.django_db
def test_the_check_can_fail(officer_user, station):
    """The snapshot sees a change made without a save() (no updated_at bump)."""
    from liaison.models import Station

    before = _state()
    Station.objects.filter(pk=station.pk).update(name="改过的名字")
    assert _changed(before, _state()) == ["liaison.Station"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["voters:reveal", "voters:voter_reveal"])
def test_post_only_views_answer_get_with_405(request, name, committee_staff):
    kwargs = ACCESS[name][0](request.getfixturevalue)
    assert committee_staff.get(reverse(name, kwargs=kwargs)).status_code == 405
