"""Lists never count a whole table: the count stops LIST_COUNT_CAP rows past the page asked for (issue 9)."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from liaison.core.pagination import CappedPaginator, paginate
from liaison.models import Station


@pytest.fixture
def stations(db):
    Station.objects.bulk_create(Station(name=f"站{number:03d}") for number in range(30))
    return Station.objects.order_by("name", "pk")


def _page(settings, stations, page=None, cap=5):
    settings.LIST_PAGE_SIZE = 5
    settings.LIST_COUNT_CAP = cap
    request = RequestFactory().get("/", {"page": page} if page else {})
    return paginate(request, stations)


def test_a_long_list_counts_only_up_to_the_cap(settings, stations):
    with CaptureQueriesContext(connection) as queries:
        page = _page(settings, stations)
        names = [station.name for station in page]
    assert names == [f"站{number:03d}" for number in range(5)]
    assert page.paginator.capped
    assert page.paginator.count == 10  # the page (5) and the cap (5), not the 30 rows there are
    assert page.has_next()
    assert len(queries) == 2  # one bounded count, one page
    assert "LIMIT 11" in queries[0]["sql"]


def test_asking_for_a_later_page_counts_further(settings, stations):
    page = _page(settings, stations, page=4)
    assert page.number == 4
    assert page[0].name == "站015"
    assert page.paginator.count == 25 and page.paginator.capped
    last = _page(settings, stations, page=6)
    assert last.paginator.count == 30 and not last.paginator.capped
    assert not last.has_next()


def test_a_short_list_shows_its_true_count(settings, stations):
    page = _page(settings, stations, cap=100)
    assert page.paginator.count == 30 and not page.paginator.capped
    assert page.paginator.num_pages == 6


def test_a_page_past_the_end_shows_the_last_page(settings, stations):
    page = _page(settings, stations, page=99, cap=100)
    assert page.number == 6


def test_the_pager_says_more_than_when_capped(settings, stations):
    request = RequestFactory().get("/")
    with translation.override("en"):
        capped = render_to_string("includes/pagination.html", {"page": _page(settings, stations)}, request)
        exact = render_to_string(
            "includes/pagination.html", {"page": _page(settings, stations, cap=100)}, request
        )
    assert "Page 1 · more than 10 items" in capped
    assert "Page 1 of 6 · 30 items" in exact


def test_a_plain_list_is_paginated_too():
    paginator = CappedPaginator(list(range(30)), 5, cap=5)
    assert paginator.count == 10 and paginator.capped
