"""The staff dashboard's full tables (liaison/home/staff_tables.py): the rows the dashboard leaves out, by
name and page, in each staff member's scope; and the dashboard itself stays a page a person reads, whatever
the number of units and streets."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.models import HandlingUnit
from suggestions.models import Suggestion
from tests.assessments.factories import ActivityFactory, suggestion
from tests.liaison.factories import StationFactory, StreetFactory

pytestmark = pytest.mark.django_db

PAGE_LIMIT = 100_000  # bytes (bench/pages.py BYTES_LIMIT)


def _earlier_this_year():
    now = timezone.now()
    earlier = now - timedelta(hours=2)
    if earlier.year != now.year:
        pytest.skip("no earlier hour this year")
    return earlier


def _units(count, deputy, author, jurisdiction=None):
    """`count` lead units named 单位000…, the nth with n + 1 suggestions of which n % 3 completed."""
    when = _earlier_this_year()
    units = HandlingUnit.objects.bulk_create(
        HandlingUnit(name=f"单位{n:03d}", jurisdiction=jurisdiction) for n in range(count)
    )
    for n, unit in enumerate(units):
        for index in range(n % 4 + 1):
            status = Suggestion.Status.CLOSED if index < n % 3 else Suggestion.Status.REGISTERED
            suggestion(deputy, author, when, status=status, lead_unit=unit)
    return units


def _streets(count, district):
    when = _earlier_this_year()
    for n in range(count):
        street = StreetFactory(name=f"第{n:03d}街", parent=district)
        station = StationFactory(name=f"第{n:03d}街联络站", jurisdiction=street)
        ActivityFactory(kind="reception", station=station, starts_at=when, ends_at=when + timedelta(hours=1))


def test_the_units_table_gives_each_units_year_and_quarters(committee_staff, deputy_record, staff_user):
    (unit,) = _units(1, deputy_record, staff_user)  # one suggestion, not completed
    suggestion(
        deputy_record, staff_user, _earlier_this_year(), status=Suggestion.Status.CLOSED, lead_unit=unit
    )
    response = committee_staff.get(reverse("home:staff_units"))
    assert response.status_code == 200
    (row,) = [row for row in response.context["rows"] if row["unit"] == unit.pk]
    assert (row["year"]["received"], row["year"]["completed"], row["year"]["completion_rate"]) == (2, 1, 50.0)
    (cell,) = [cell for cell in row["quarters"] if cell["received"]]
    assert (cell["received"], cell["completed"]) == (2, 1)
    assert committee_staff.get(row["url"]).context["page"].paginator.count == 2
    assert unit.name in response.content.decode()


def test_the_units_table_is_searched_and_paged(committee_staff, deputy_record, staff_user, settings):
    settings.LIST_PAGE_SIZE = 2
    _units(5, deputy_record, staff_user)
    url = reverse("home:staff_units")
    first = committee_staff.get(url).context
    assert [row["name"] for row in first["rows"]] == ["单位000", "单位001"]
    assert first["page"].paginator.count == 5
    third = committee_staff.get(url, {"page": 3}).context
    assert [row["name"] for row in third["rows"]] == ["单位004"]
    found = committee_staff.get(url, {"q": "003"}).context
    assert [row["name"] for row in found["rows"]] == ["单位003"]


def test_each_table_keeps_to_the_staff_members_scope(
    street_staff, district_staff, street, other_street, station, other_station, deputy_record, staff_user
):
    _units(1, deputy_record, staff_user, jurisdiction=other_street)
    when = _earlier_this_year()
    for place in (station, other_station):
        ActivityFactory(kind="reception", station=place, starts_at=when, ends_at=when + timedelta(hours=1))
    units = reverse("home:staff_units")
    assert [row["name"] for row in district_staff.get(units).context["rows"]] == ["单位000"]
    assert street_staff.get(units).context["rows"] == []
    stations = street_staff.get(reverse("home:staff_stations")).context["rows"]
    assert [(row["station"], row["receptions"]) for row in stations if row["activities"]] == [(station, 1)]
    assert other_station not in [row["station"] for row in stations]
    streets = reverse("home:staff_streets")
    assert [row["name"] for row in street_staff.get(streets).context["rows"]] == [street.name]
    assert [row["name"] for row in district_staff.get(streets).context["rows"]] == [
        street.name,
        other_street.name,
    ]


def test_the_station_table_counts_what_the_activity_list_lists(committee_staff, station, other_station):
    when = _earlier_this_year()
    for place, count in ((station, 2), (other_station, 1)):
        for _n in range(count):
            ActivityFactory(
                kind="reception", station=place, starts_at=when, ends_at=when + timedelta(hours=1)
            )
    rows = committee_staff.get(reverse("home:staff_stations"), {"q": station.name}).context["rows"]
    (row,) = rows
    assert (row["activities"], row["receptions"]) == (2, 2)
    assert committee_staff.get(row["url"]).context["page"].paginator.count == 2


def test_the_tables_are_for_staff_only(officer, unit_user, deputy):
    for client in (officer, unit_user, deputy):
        for name in ("home:staff_units", "home:staff_stations", "home:staff_streets"):
            assert client.get(reverse(name)).status_code == 403, name


@pytest.mark.parametrize("units", [3, 30])
def test_a_page_of_the_units_table_costs_the_same_queries(
    committee_staff, deputy_record, staff_user, units, django_assert_num_queries
):
    _units(units, deputy_record, staff_user)
    # The session and user, the page of units and its count, their counts by quarter.
    with django_assert_num_queries(5):
        assert committee_staff.get(reverse("home:staff_units")).status_code == 200


def test_the_dashboard_stays_a_page_with_many_units_and_streets(
    committee_staff, district, deputy_record, staff_user
):
    """Before the full tables, 150 units and 40 streets made the dashboard several hundred KB."""
    _units(150, deputy_record, staff_user)
    _streets(40, district)
    response = committee_staff.get("/")
    size = len(response.content)
    assert size < PAGE_LIMIT, size
    context = response.context
    assert len(context["unit_rates"]["rows"]) == 10 and context["unit_rates"]["hidden"] == 140
    lowest, highest = context["unit_rates"]["rows"][0], context["unit_rates"]["rows"][-1]
    assert (lowest["completion_rate"], highest["completion_rate"]) == (0.0, 100.0)
    assert len(context["streets"]["rows"]) <= 10
    assert len(context["charts"]["stations"]["rows"]) == 20
    page = response.content.decode()
    assert reverse("home:staff_units") in page and reverse("home:staff_streets") in page
    assert reverse("home:staff_stations") in page
