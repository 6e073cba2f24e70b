"""Every page of liaison/ itself (accounts, the security log, the network) as every role
(tests/test_url_access.py walks them)."""

from datetime import date, timedelta

from django.utils import timezone

from liaison.accounts.models import ActivationToken, secret_digest
from liaison.models import Holiday, ImportJob
from tests.access import DEPLOYMENT_STAFF_ONLY, LOGIN, NETWORK_PAGE, POST_ONLY, STAFF_ONLY, expect
from tests.liaison.factories import UserFactory


def _account(f):
    return {"pk": f("officer_user").pk}


def _holiday(f):
    return {"pk": Holiday.objects.create(date=date(2026, 10, 1), name="国庆节").pk}


def _activation_token(f):
    user = UserFactory(username="awaiting", is_active=False)
    ActivationToken.objects.create(
        user=user,
        token_digest=secret_digest("activation", "t0ken"),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    return {"token": "t0ken"}


# `officer_user`'s account lies in `station`'s street: staff of the other street or district do not find it.
ACCOUNT_PAGE = {**STAFF_ONLY, "other_street_staff": 404, "other_district_staff": 404}


def _import_job(f):
    job = ImportJob.objects.create(
        user=f("staff_user"), kind="opinions", filename="2025.xlsx", sha256="0" * 64, status="done"
    )
    return {"pk": job.pk}


# An import's page is its own staff member's only: its problems quote the file's rows.
IMPORT_JOB = expect(
    403,
    committee_staff=200,
    street_staff=404,
    other_street_staff=404,
    district_staff=404,
    other_district_staff=404,
    anonymous=LOGIN,
)

# url name: (kwargs from fixtures, expected status per role)
ACCESS = {
    "imports:detail": (_import_job, IMPORT_JOB),
    "imports:status": (_import_job, IMPORT_JOB),
    "security_log": (None, STAFF_ONLY),
    "policies:edit": (None, STAFF_ONLY),
    "second_factor_verify": (None, expect(200, anonymous=LOGIN)),
    "second_factor_setup": (None, expect(200, anonymous=LOGIN)),
    "liaison:network": (None, NETWORK_PAGE),
    "liaison:station_create": (None, STAFF_ONLY),
    "liaison:station_detail": (
        lambda f: {"pk": f("point").pk},
        expect(
            officer=200,
            other_officer=404,
            deputy=200,
            other_deputy=404,
            committee_staff=200,
            unit_user=403,
            anonymous=LOGIN,
        ),
    ),
    "liaison:station_edit": (
        lambda f: {"pk": f("point").pk},
        expect(
            officer=200,
            other_officer=404,
            deputy=403,
            other_deputy=403,
            committee_staff=200,
            unit_user=403,
            anonymous=LOGIN,
        ),
    ),
    # The working-day calendar (namespace "calendar"): staff's.
    "calendar:days": (None, STAFF_ONLY),
    "calendar:year": (lambda f: {"year": 2026}, STAFF_ONLY),
    "calendar:load": (lambda f: {"year": 2026}, POST_ONLY),
    "calendar:day_edit": (_holiday, DEPLOYMENT_STAFF_ONLY),
    # Accounts (namespace "accounts"): staff's pages, and the two pages of people without a session.
    "accounts:phone_login": (None, expect(200)),
    "accounts:activate": (_activation_token, expect(200)),
    "accounts:users": (None, STAFF_ONLY),
    "accounts:user_create": (None, STAFF_ONLY),
    "accounts:user_detail": (_account, ACCOUNT_PAGE),
    "accounts:user_edit": (_account, ACCOUNT_PAGE),
    "accounts:user_password": (_account, ACCOUNT_PAGE),
    "accounts:user_active": (_account, expect(405)),
    "accounts:user_activation": (_account, expect(405)),
}
