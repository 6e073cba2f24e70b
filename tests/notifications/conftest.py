"""The providers' local imitations (providers.py), running for one test, with the settings that point the
gateways at them."""

import pytest

from tests.notifications.providers import (
    ALIYUN_KEY,
    TENCENT_KEY,
    WECOM_CORP,
    FakeAliyun,
    FakeTencent,
    FakeWecom,
)

TEMPLATES = {
    "activity_upcoming": ("SMS_100", ["subject", "time"]),
    "*": ("SMS_999", ["subject", "body"]),
}


@pytest.fixture
def aliyun(settings):
    with FakeAliyun() as fake:
        settings.SMS_BACKEND = "aliyun"
        settings.ALIYUN_SMS_ACCESS_KEY_ID, settings.ALIYUN_SMS_ACCESS_KEY_SECRET = ALIYUN_KEY
        settings.ALIYUN_SMS_ENDPOINT = fake.url
        settings.SMS_SIGN_NAME = fake.sign_name
        settings.SMS_TEMPLATES = TEMPLATES
        yield fake


@pytest.fixture
def tencent(settings):
    with FakeTencent() as fake:
        settings.SMS_BACKEND = "tencent"
        settings.TENCENT_SMS_SECRET_ID, settings.TENCENT_SMS_SECRET_KEY = TENCENT_KEY
        settings.TENCENT_SMS_APP_ID = fake.app_id
        settings.TENCENT_SMS_ENDPOINT = fake.url
        settings.SMS_SIGN_NAME = fake.sign_name
        settings.SMS_TEMPLATES = {
            "activity_upcoming": ("1001", ["subject", "time"]),
            "*": ("1999", ["subject"]),
        }
        yield fake


@pytest.fixture
def wecom(settings):
    with FakeWecom(members={"chen", "li", "wang"}, robots={"robot-key-1"}) as fake:
        settings.WECOM_CORP_ID, settings.WECOM_SECRET, agent_id = WECOM_CORP
        settings.WECOM_AGENT_ID = str(agent_id)
        settings.WECOM_ENDPOINT = fake.url
        yield fake
