"""With Redis down (a real closed port, no mock) the site answers, and staff and officers are told that
reminders wait for the queue; the public and other roles are not."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from liaison.core import queue_health

pytestmark = pytest.mark.django_db


BANNER = 'id="queue-down"'


@pytest.mark.parametrize("client_name", ["committee_staff", "officer"])
def test_staff_and_officers_see_the_banner_and_pages_answer(request, redis_down, client_name, station):
    client = request.getfixturevalue(client_name)
    for url in (reverse("home:home"), reverse("voters:list"), reverse("activities:reminders")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert BANNER in response.content.decode()


@pytest.mark.parametrize("client_name", ["deputy", "unit_user"])
def test_other_roles_are_not_told(request, redis_down, client_name):
    response = request.getfixturevalue(client_name).get(reverse("home:home"))
    assert response.status_code == 200
    assert BANNER not in response.content.decode()


def test_public_pages_answer_without_the_banner(redis_down, anonymous, station):
    for url in (
        reverse("voters:public_station", args=[station.pk]),
        reverse("voters:track_lookup"),
        reverse("login"),
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert BANNER not in response.content.decode()


def test_the_answer_is_remembered(redis_down, committee_staff):
    committee_staff.get(reverse("home:home"))
    urls = queue_health._redis_urls()
    assert urls == (redis_down,)
    checked_at, reachable = queue_health._memo[urls]
    assert reachable is False
    committee_staff.get(reverse("home:home"))
    assert queue_health._memo[urls][0] == checked_at  # not pinged again within CACHE_SECONDS


def test_no_banner_when_the_queue_answers(committee_staff):
    """As configured for the suite: a live Redis (REDIS_URL) or none at all (the filesystem broker)."""
    queue_health._memo.clear()
    assert BANNER not in committee_staff.get(reverse("home:home")).content.decode()


def test_pages_work_when_the_cache_server_is_down(settings, officer):
    settings.CACHES = {
        "default": {
            "BACKEND": "liaison.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6399/0",  # nothing listens here
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    cache.set("key", "value")
    assert cache.get("key", "fallback") == "fallback"
    assert cache.add("key", 1) is False
    assert officer.get(reverse("home:home")).status_code == 200
