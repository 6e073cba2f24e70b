"""The "1+N" network: its tree page at a fixed cost, who sees which station, which station may hang under
which, and stationing a deputy at a station."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from liaison.models import Station
from liaison.selectors import stations_visible_to
from liaison.services import stationing_end, stationing_start
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import PointFactory, StationFactory, StationingFactory, UserFactory


@pytest.mark.parametrize("points", [2, 20])
def test_network_page_costs_the_same_queries_at_any_size(committee_staff, points, django_assert_num_queries):
    for _ in range(3):
        root = StationFactory()
        for point in PointFactory.create_batch(points, parent=root):
            StationingFactory(station=point)
    with django_assert_num_queries(4):  # session, user, roots with counts, their points with counts
        response = committee_staff.get(reverse("liaison:network"))
    assert len(response.context["roots"]) == 3
    assert all(len(root.visible_children) == points for root in response.context["roots"])


def test_the_tree_counts_stationed_deputies_and_officers(officer, station, point, deputy_record):
    root = officer.get(reverse("liaison:network")).context["roots"][0]
    assert root == station
    assert root.officer_count == 1
    assert [(child, child.deputy_count) for child in root.visible_children] == [(point, 1)]


def test_an_officer_of_a_point_sees_only_that_point(point, other_station):
    user = UserFactory(stations=[point])
    assert list(stations_visible_to(user)) == [point]


def test_a_station_may_not_hang_under_another(committee_staff, station):
    data = {"name": "新站", "kind": Station.Kind.STATION, "parent": station.pk}
    response = committee_staff.post(reverse("liaison:station_create"), data)
    assert "parent" in response.context["form"].errors
    response = committee_staff.post(reverse("liaison:station_create"), {"name": "新联络点", "kind": "point"})
    assert "parent" in response.context["form"].errors
    response = committee_staff.post(
        reverse("liaison:station_create"), {"name": "新联络点", "kind": "point", "parent": station.pk}
    )
    assert response.status_code == 302


def test_stationing_starts_once_and_ends_with_history_kept(point):
    deputy = DeputyFactory()
    stationing = stationing_start(deputy=deputy, station=point)
    with pytest.raises(ValidationError):
        stationing_start(deputy=deputy, station=point)
    stationing_end(stationing=stationing)
    stationing.refresh_from_db()
    assert stationing.until is not None
    with pytest.raises(ValidationError):
        stationing_end(stationing=stationing)
    stationing_start(deputy=deputy, station=point)  # may return later
    assert deputy.stationings.count() == 2


@pytest.mark.parametrize(
    ("client_name", "linked"), [("deputy", False), ("officer", True), ("committee_staff", True)]
)
def test_a_point_links_to_its_station_only_for_who_may_open_it(
    request, client_name, linked, point, deputy_user
):
    client = request.getfixturevalue(client_name)
    response = client.get(point.get_absolute_url())
    assert response.status_code == 200
    assert point.parent.name in response.text
    assert (f'href="{point.parent.get_absolute_url()}"' in response.text) is linked
    assert client.get(point.parent.get_absolute_url()).status_code == (200 if linked else 404)
