"""The demo street (`manage.py demo_data`): believable, left as it is by a second run, and every demo login
lands on its home page."""

import io

from django.core.management import call_command
from django.db.models import Count
from django.test import Client

from deputies.models import Deputy, DeputyGroup, Level
from liaison.home import demo
from liaison.models import Jurisdiction, Station, User
from voters.models import Opinion


def test_demo_builds_a_believable_street(demo_street):
    first = Station.objects.get(name=f"{demo.STREET}人大代表联络站")
    assert first.children.filter(kind=Station.Kind.POINT).count() == 6
    assert first.children.filter(kind=Station.Kind.ENTERPRISE).count() == 1
    assert (
        160 <= Deputy.objects.filter(stationings__station__in=[first, *first.children.all()]).count() <= 180
    )
    assert DeputyGroup.objects.filter(
        kind=DeputyGroup.Kind.AREA, station__jurisdiction=first.jurisdiction
    ).count()
    assert DeputyGroup.objects.filter(kind=DeputyGroup.Kind.PROFESSIONAL).count() == 3
    # Every deputy is stationed somewhere (全覆盖, seed 003); some hold two levels (seed 001).
    assert not Deputy.objects.filter(stationings__isnull=True).exists()
    two_levels = Deputy.objects.annotate(levels=Count("mandates")).filter(levels__gte=2)
    assert two_levels.filter(mandates__level=Level.CITY).exists()
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)


def test_the_demo_district_has_two_streets_each_with_its_staff(demo_street):
    """Issue 15: two streets of one district side by side, a staff login for each and one for both."""
    district = Jurisdiction.objects.get(name=demo.DISTRICT)
    streets = list(district.children.order_by("path"))
    assert [street.name for street in streets] == [demo.STREET, demo.SECOND_STREET]
    for street in streets:
        station = Station.objects.get(jurisdiction=street, kind=Station.Kind.STATION)
        places = [station, *station.children.all()]
        assert Deputy.objects.filter(stationings__station__in=places).exists()
        assert Opinion.objects.filter(station__in=places).exists()
    staff = {username: User.objects.get(username=username) for username in demo.STAFF_JURISDICTIONS}
    assert staff["staff"].jurisdiction == district
    assert {staff["donghu"].jurisdiction, staff["xihu"].jurisdiction} == set(streets)
    # The district's login compares the two streets on its home page; each street's sees its own.
    for username, names in (
        ("staff", [demo.STREET, demo.SECOND_STREET]),
        ("donghu", [demo.STREET]),
        ("xihu", [demo.SECOND_STREET]),
    ):
        client = Client()
        client.force_login(staff[username])
        rows = client.get("/").context["streets"]["rows"]
        assert [row["name"] for row in rows] == names, username
        assert all(row["duty"]["deputies"] for row in rows), username


def test_demo_runs_once(demo_street):
    counts = (Deputy.objects.count(), Station.objects.count(), User.objects.count())
    call_command("demo_data", stdout=io.StringIO())
    assert (Deputy.objects.count(), Station.objects.count(), User.objects.count()) == counts


def test_each_demo_login_sees_its_home_page(demo_street):
    # One demo for every login: building it is the slow part (tests/conftest.py demo_street).
    for username, _role, _name, _purpose in demo.DEMO_LOGINS:
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, username
        home = client.get(response["Location"])
        assert home.status_code == 200, username
        assert "您好" in home.content.decode(), username
