"""Shared fixtures: a small network of two stations in two streets of one district, one logged-in client
per role (STYLE.md), and the demo street."""

import io
import socket

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from liaison.core import queue_health
from liaison.models import HandlingUnit, User
from tests.deputies.factories import DeputyFactory, MandateFactory
from tests.liaison.factories import (
    JurisdictionFactory,
    PointFactory,
    StationFactory,
    StationingFactory,
    StreetFactory,
    UserFactory,
)
from tests.notifications.providers import (
    ALIYUN_KEY,
    TENCENT_KEY,
    WECOM_CORP,
    FakeAliyun,
    FakeTencent,
    FakeWecom,
)
from tests.scratch import Database


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_quiet_hours(settings):
    """SMS go when due whatever the hour the suite runs at; the quiet hours' tests set their own."""
    settings.REMINDER_QUIET_START = settings.REMINDER_QUIET_END = 0


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free once the socket closes: nothing listens there


@pytest.fixture
def redis_down(settings):
    """The cache and the broker at a Redis port nothing listens on: a real refused connection, no mock."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "liaison.core.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    queue_health._memo.clear()
    yield url
    queue_health._memo.clear()


@pytest.fixture
def district(db):
    return JurisdictionFactory(name="江岸区")


@pytest.fixture
def other_district(db):
    return JurisdictionFactory(name="硚口区")


@pytest.fixture
def street(district):
    return StreetFactory(name="东湖街道", parent=district)


@pytest.fixture
def other_street(district):
    return StreetFactory(name="西湖街道", parent=district)


@pytest.fixture
def station(street):
    return StationFactory(name="东湖街道人大代表联络站", jurisdiction=street)


@pytest.fixture
def point(station):
    return PointFactory(name="桂花社区联络点", parent=station)


@pytest.fixture
def other_station(other_street):
    return StationFactory(name="西湖街道人大代表联络站", jurisdiction=other_street)


@pytest.fixture
def deputy_record(point):
    deputy = DeputyFactory(name="陈建国", phone="+8613812345678")
    MandateFactory(deputy=deputy)
    StationingFactory(deputy=deputy, station=point)
    return deputy


@pytest.fixture
def other_deputy_record(other_station):
    deputy = DeputyFactory(name="林小红", phone="+8613987654321")
    MandateFactory(deputy=deputy)
    StationingFactory(deputy=deputy, station=other_station)
    return deputy


@pytest.fixture
def handling_unit(district):
    return HandlingUnit.objects.create(name="区住房和城乡建设局", jurisdiction=district)


@pytest.fixture
def officer_user(station):
    return UserFactory(username="officer", role=User.Role.OFFICER, stations=[station])


@pytest.fixture
def other_officer_user(other_station):
    return UserFactory(username="other_officer", role=User.Role.OFFICER, stations=[other_station])


@pytest.fixture
def deputy_user(deputy_record):
    user = UserFactory(username="deputy", role=User.Role.DEPUTY)
    deputy_record.user = user
    deputy_record.save(update_fields=["user"])
    return user


@pytest.fixture
def other_deputy_user(other_deputy_record):
    user = UserFactory(username="other_deputy", role=User.Role.DEPUTY)
    other_deputy_record.user = user
    other_deputy_record.save(update_fields=["user"])
    return user


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", role=User.Role.STAFF)


@pytest.fixture
def street_staff_user(street):
    return UserFactory(username="street_staff", role=User.Role.STAFF, jurisdiction=street)


@pytest.fixture
def other_street_staff_user(other_street):
    return UserFactory(username="other_street_staff", role=User.Role.STAFF, jurisdiction=other_street)


@pytest.fixture
def district_staff_user(district):
    return UserFactory(username="district_staff", role=User.Role.STAFF, jurisdiction=district)


@pytest.fixture
def other_district_staff_user(other_district):
    return UserFactory(username="other_district_staff", role=User.Role.STAFF, jurisdiction=other_district)


@pytest.fixture
def unit_user_account(handling_unit):
    return UserFactory(username="unit", role=User.Role.UNIT, handling_unit=handling_unit)


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def officer(officer_user):
    return _client_for(officer_user)


@pytest.fixture
def other_officer(other_officer_user):
    return _client_for(other_officer_user)


@pytest.fixture
def deputy(deputy_user):
    return _client_for(deputy_user)


@pytest.fixture
def other_deputy(other_deputy_user):
    return _client_for(other_deputy_user)


@pytest.fixture
def committee_staff(staff_user):
    return _client_for(staff_user)


@pytest.fixture
def street_staff(street_staff_user):
    return _client_for(street_staff_user)


@pytest.fixture
def other_street_staff(other_street_staff_user):
    return _client_for(other_street_staff_user)


@pytest.fixture
def district_staff(district_staff_user):
    return _client_for(district_staff_user)


@pytest.fixture
def other_district_staff(other_district_staff_user):
    return _client_for(other_district_staff_user)


@pytest.fixture
def unit_user(unit_user_account):
    return _client_for(unit_user_account)


@pytest.fixture
def anonymous(db):
    return Client()


ROLES = ["officer", "other_officer", "deputy", "other_deputy", "committee_staff", "unit_user", "anonymous"]


@pytest.fixture
def scratch_database(tmp_path):
    """A second, empty database for `manage.py` subprocesses (tests/scratch.py), dropped afterwards."""
    database = Database(tmp_path)
    yield database
    database.drop()


@pytest.fixture
def demo_street(db):
    """The demo street of `manage.py demo_data` (slow to build: a few tests share one street each)."""
    call_command("demo_data", stdout=io.StringIO())


# --- The providers' local imitations (tests/notifications/providers.py), running for one test, with the
# settings that point the gateways at them.

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
