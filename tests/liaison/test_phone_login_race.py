"""Codes asked for at the same moment for one number: the per-number limit holds (PostgreSQL only, where
the requests really run side by side)."""

import pytest
from django.test import Client

from liaison.accounts.models import LoginCode
from liaison.models import User
from tests.concurrency import postgres_only, race
from tests.liaison.factories import UserFactory
from tests.liaison.sms_file import SmsFile

pytestmark = [pytest.mark.postgres, postgres_only, pytest.mark.django_db(transaction=True)]


def test_three_requests_at_once_send_at_most_the_one_code_a_minute_allows(settings, monkeypatch, tmp_path):
    sms = SmsFile.install(settings, monkeypatch, tmp_path)
    UserFactory(username="chen", role=User.Role.DEPUTY, phone="+8613812345678")
    data = {"phone": "138 1234 5678", "next": ""}
    results, errors = race(
        *[lambda: Client().post("/accounts/login/phone/", data, REMOTE_ADDR="10.0.0.1").status_code] * 3
    )
    assert errors == [] and results == [200, 200, 200]
    assert len(sms.messages()) <= 1
    assert LoginCode.objects.count() == len(sms.messages())
