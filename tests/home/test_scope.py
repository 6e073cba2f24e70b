"""The staff dashboard of a street counts that street only; a district's compares its streets, one row each,
in the same number of queries for two streets as for four (issue 15)."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suggestions.models import Suggestion
from tests.assessments.factories import ActivityFactory, opinion, suggestion
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationFactory, StationingFactory, StreetFactory
from voters.models import Opinion

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_streets(station, point, other_station, deputy_record, other_deputy_record, handling_unit, staff_user):
    """This year: two opinions and a completed, satisfied suggestion in the street; one closed opinion
    and a registered suggestion in the other street; a reception day held at each street's station."""
    now = timezone.now()
    opinion(station, deputy_record, now - timedelta(hours=3))
    opinion(point, deputy_record, now - timedelta(hours=2))
    opinion(other_station, other_deputy_record, now - timedelta(hours=2), status=Opinion.Status.CLOSED)
    suggestion(
        deputy_record,
        staff_user,
        now - timedelta(hours=3),
        status=Suggestion.Status.CLOSED,
        rating=Suggestion.Rating.SATISFIED,
        lead_unit=handling_unit,
    )
    suggestion(other_deputy_record, staff_user, now - timedelta(hours=3), status=Suggestion.Status.REGISTERED)
    for place in (point, other_station):
        ActivityFactory(
            kind="reception",
            station=place,
            starts_at=now - timedelta(hours=3),
            ends_at=now - timedelta(hours=2),
        )


def _home(client):
    response = client.get("/")
    assert response.status_code == 200
    return response.context


def _figures(context):
    return {figure.key: figure.count for figure in context["figures"]}


def test_district_staff_get_one_row_per_street(two_streets, district_staff, street, other_street):
    rows = {row["name"]: row for row in _home(district_staff)["streets"]["rows"]}
    assert list(rows) == [street.name, other_street.name]
    mine, theirs = rows[street.name], rows[other_street.name]
    assert mine["opinions"] == {"received": 2, "closed": 0}
    assert theirs["opinions"] == {"received": 1, "closed": 1}
    assert mine["suggestions"] == {
        "received": 1,
        "completed": 1,
        "completion_rate": 100.0,
        "satisfied_rate": 100.0,
        "on_time_rate": None,  # closed by the factory, never replied through the loop
    }
    assert theirs["suggestions"] == {
        "received": 1,
        "completed": 0,
        "completion_rate": 0.0,
        "satisfied_rate": None,
        "on_time_rate": None,
    }
    assert mine["activities"] == theirs["activities"] == {"activities": 1, "receptions": 1}
    assert mine["duty"]["deputies"] == theirs["duty"]["deputies"] == 1


def test_a_streets_dashboard_does_not_count_the_other_street(
    two_streets, district_staff, street_staff, other_street_staff, street, other_street
):
    # The district's figures first: each jurisdiction has its own cached figures.
    district = _figures(_home(district_staff))
    assert (district["suggestions_year"], district["deputies"], district["stations"]) == (2, 2, 3)
    for client, name, stations in (
        (street_staff, street.name, 2),
        (other_street_staff, other_street.name, 1),
    ):
        context = _home(client)
        assert [row["name"] for row in context["streets"]["rows"]] == [name]
        figures = _figures(context)
        assert figures["suggestions_year"] == 1
        assert figures["deputies"] == 1
        assert figures["stations"] == stations
        assert context["scored"] == 1
        assert context["funnel_total"]["received"] == 1


def test_a_streets_opinion_figure_counts_the_street_only(two_streets, street_staff):
    assert _figures(_home(street_staff))["opinions_year"] == 2


def test_a_streets_activity_chart_counts_the_street_only(two_streets, street_staff, point):
    assert _home(street_staff)["charts"]["stations"]["config"]["labels"] == [point.name]


def _street_with_data(district, number, staff_user):
    street = StreetFactory(name=f"第{number}街道", parent=district)
    station = StationFactory(name=f"第{number}街道联络站", jurisdiction=street)
    deputy = DeputyFactory()
    StationingFactory(deputy=deputy, station=station)
    opinion(station, deputy, timezone.now() - timedelta(hours=1))
    suggestion(deputy, staff_user, timezone.now() - timedelta(hours=1), status=Suggestion.Status.REGISTERED)
    return street


def test_the_table_of_streets_costs_the_same_queries_for_more_streets(
    two_streets, district_staff, district, staff_user
):
    def counted():
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            rows = _home(district_staff)["streets"]["rows"]
        return len(rows), len(queries)

    two, queries = counted()
    for number in (3, 4):
        _street_with_data(district, number, staff_user)
    assert counted() == (two + 2, queries)


def test_the_full_table_of_streets_counts_as_the_dashboard(two_streets, district_staff, street_staff, street):
    """The full table scores only its page's deputies; its rows are the dashboard's all the same."""
    table = reverse("home:staff_streets")
    assert district_staff.get(table).context["rows"] == _home(district_staff)["streets"]["rows"]
    (row,) = street_staff.get(table).context["rows"]
    assert (row["name"], row["duty"]["deputies"]) == (street.name, 1)
