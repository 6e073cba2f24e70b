"""The demo street (`manage.py demo_data`): believable, left as it is by a second run, and every demo login
lands on its home page."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from deputies.models import Deputy, DeputyGroup, Level
from liaison.home import demo
from liaison.models import Station, User


def test_demo_builds_a_believable_street(demo_street):
    assert Station.objects.filter(kind=Station.Kind.STATION).count() == 1
    assert Station.objects.filter(kind=Station.Kind.POINT).count() == 6
    assert Station.objects.filter(kind=Station.Kind.ENTERPRISE).count() == 1
    assert 160 <= Deputy.objects.count() <= 180
    assert DeputyGroup.objects.filter(kind=DeputyGroup.Kind.AREA).count() == 8
    assert DeputyGroup.objects.filter(kind=DeputyGroup.Kind.PROFESSIONAL).count() == 3
    # Every deputy is stationed somewhere (全覆盖, seed 003); some hold two levels (seed 001).
    assert not Deputy.objects.filter(stationings__isnull=True).exists()
    two_levels = Deputy.objects.annotate(levels=Count("mandates")).filter(levels__gte=2)
    assert two_levels.filter(mandates__level=Level.CITY).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)


def test_demo_runs_once(demo_street):
    counts = (Deputy.objects.count(), Station.objects.count(), User.objects.count())
    call_command("demo_data", stdout=io.StringIO())
    assert (Deputy.objects.count(), Station.objects.count(), User.objects.count()) == counts


@pytest.mark.parametrize("username", [login[0] for login in demo.DEMO_LOGINS])
def test_each_demo_login_sees_its_home_page(demo_street, username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "您好" in home.content.decode()
