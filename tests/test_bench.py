"""The benchmark's generator (bench/) at a tiny scale: valid rows, pages that open, and the same number of
queries per page at two sizes (issue 9: a page at city scale costs what it costs at street scale)."""

import os

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import settings as bench_settings
from bench.generate import CITY, STREET, build
from bench.imports import run as import_opinions
from bench.pages import BARE, FLOOR, PAGES
from liaison.activities.models import Activity, Visit
from liaison.models import Station, User
from suggestions.models import Suggestion, SuggestionEvent
from voters.models import Opinion, OpinionEvent

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the generator loads with PostgreSQL's COPY",
    ),
]


@pytest.fixture(autouse=True)
def _bench_site(settings):
    """The site as the benchmark serves it, with its floor page (bench/urls.py)."""
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF
    settings.TEMPLATES = bench_settings.TEMPLATES


def _walk(built):
    """Each benchmark page as its user: status and number of queries."""
    values = {"station": built.station_id, "unit": built.unit_id, "suggestion": built.suggestion_id}
    values["category"] = built.category_id
    results = {}
    for name, role, url_name, argument, query in [*PAGES, FLOOR, BARE]:
        client = Client()
        if role:
            client.force_login(User.objects.get(username=built.logins[role]))
        url = reverse(url_name, args=[values[argument]] if argument else [])
        url += "?" + query.format(**values) if query else ""
        client.get(url)  # the first request fills per-process caches (rule sets, categories)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results[name] = (response.status_code, len(queries))
    return results


def _invariants():
    for opinion in Opinion.objects.order_by("pk")[:50]:
        opinion.full_clean(exclude=["tracking_code"])
        last = OpinionEvent.objects.filter(opinion=opinion).order_by("at", "pk").last()
        assert last.to_status == opinion.status, opinion.pk
    assert not Opinion.objects.exclude(events__kind=OpinionEvent.Kind.RECEIVED).exists()
    for suggestion in Suggestion.objects.order_by("pk")[:50]:
        suggestion.full_clean(exclude=["number"])
        last = SuggestionEvent.objects.filter(suggestion=suggestion).order_by("at", "pk").last()
        assert last.to_status == suggestion.status, suggestion.pk
    for model in (Station, Activity, Visit):
        for row in model.objects.order_by("pk")[:20]:
            row.full_clean()


def _build_and_walk(scale):
    with transaction.atomic():
        built = build(scale, log=lambda line: None)
        _invariants()
        walked = _walk(built)
        transaction.set_rollback(True)
    return built, walked


def test_generator_builds_valid_data_and_pages_cost_the_same_at_two_sizes():
    small, small_pages = _build_and_walk(STREET.scaled(0.5))
    large, large_pages = _build_and_walk(CITY.scaled(0.004))
    assert large.counts["voters.Opinion"] > 2 * small.counts["voters.Opinion"]
    assert all(status == 200 for status, _count in small_pages.values()), small_pages
    assert all(status == 200 for status, _count in large_pages.values()), large_pages
    assert {name: count for name, (_s, count) in small_pages.items()} == {
        name: count for name, (_s, count) in large_pages.items()
    }


def test_the_generator_is_deterministic():
    with transaction.atomic():
        build(STREET.scaled(0.2), log=lambda line: None)
        first = list(
            Opinion.objects.order_by("pk").values_list("tracking_code", "status", "received_at__date")
        )
        transaction.set_rollback(True)
    with transaction.atomic():
        build(STREET.scaled(0.2), log=lambda line: None)
        second = list(
            Opinion.objects.order_by("pk").values_list("tracking_code", "status", "received_at__date")
        )
        transaction.set_rollback(True)
    assert first == second


def test_the_import_step_brings_every_row_in(tmp_path):
    measured = {}
    with transaction.atomic():
        build(STREET.scaled(0.2), log=lambda line: None)
        before = Opinion.objects.count()
        import_opinions(30, tmp_path / "out.json", lambda _path, data: measured.update(data))
        assert Opinion.objects.count() == before + 30
        transaction.set_rollback(True)
    assert measured["rows"] == 30 and measured["queries"] > 0 and measured["extrapolated_50k_seconds"] >= 0
