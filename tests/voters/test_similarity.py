import pytest
from django.db import connection
from django.utils import timezone

from tests.voters.factories import OpinionFactory
from voters.models import Opinion
from voters.similarity import bigrams, dice, similar_open_opinions

pytestmark = pytest.mark.django_db


def test_bigrams_ignore_spaces_and_punctuation():
    assert bigrams("路灯 坏了！") == {"路灯", "灯坏", "坏了"}
    assert dice(bigrams("路灯坏了"), bigrams("路灯坏了")) == 1.0
    assert dice(bigrams("路灯坏了"), bigrams("菜价上涨")) == 0.0


def test_finds_similar_open_opinions_of_the_network(station, point, other_station):
    same = OpinionFactory(station=point, content="桂花路路灯坏了很久，晚上出行不便")
    OpinionFactory(station=station, content="菜市场噪音扰民，早上五点开始卸货")
    far = OpinionFactory(station=other_station, content="桂花路路灯坏了很久，晚上出行不便")
    closed = OpinionFactory(station=station, content="桂花路路灯坏了很久", status=Opinion.Status.CLOSED)
    found = [opinion for opinion, _score in similar_open_opinions(text="桂花路的路灯坏了", station=station)]
    assert same in found
    assert far not in found  # another street's network
    assert closed not in found


def test_short_text_finds_nothing(station):
    OpinionFactory(station=station, content="路灯")
    assert similar_open_opinions(text="路灯", station=station) == []


def test_old_opinions_are_left_out(station):
    OpinionFactory(
        station=station,
        content="桂花路路灯坏了很久",
        received_at=timezone.now() - timezone.timedelta(days=400),
    )
    assert similar_open_opinions(text="桂花路路灯坏了", station=station) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_trigram_index_exists():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'voters_opinion_content_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
