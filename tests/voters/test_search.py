"""The opinions list's text search (voters/search.py): what it finds on either database, and on PostgreSQL
that its conditions are those the bigram indexes of migration 0014 answer."""

import pytest
from django.db import connection

from tests.voters.factories import OpinionFactory, VoterFactory
from voters.models import Opinion
from voters.search import search_opinions

pytestmark = pytest.mark.django_db


def _found(value, *, by_phone=True):
    return set(search_opinions(Opinion.objects.all(), value, by_phone=by_phone))


def test_finds_the_words_typed_and_not_their_characters_apart(station):
    lamp = OpinionFactory(station=station, content="小区门口路灯坏了，晚上看不清")
    apart = OpinionFactory(station=station, content="路灯亮了，可楼道的灯坏了")
    by_location = OpinionFactory(station=station, content="垃圾清运", location="桂花路灯杆旁")
    assert _found("路灯坏") == {lamp}  # 路灯 and 灯坏 are both in `apart`, but not together
    assert _found("路灯") == {lamp, apart, by_location}
    assert _found("灯") == {lamp, apart, by_location}  # one character: LIKE alone
    assert _found("电梯") == set()


def test_finds_the_voter_by_name_and_phone_and_the_tracking_code_as_typed(station):
    voter = VoterFactory(station=station, name="李秀英", phone="+8613812345678")
    opinion = OpinionFactory(station=station, voter=voter, content="加装电梯")
    other = OpinionFactory(station=station, voter=VoterFactory(station=station), content="加装电梯")
    assert _found("秀英") == {opinion}
    assert _found("138 1234 5678") == {opinion}
    assert _found("138 1234 5678", by_phone=False) == set()
    code = other.tracking_code
    assert _found(f"{code[:4].lower()}-{code[4:].lower()}") == {other}


def test_narrows_the_scope_it_is_given(station, other_station):
    mine = OpinionFactory(station=station, content="路灯不亮")
    OpinionFactory(station=other_station, content="路灯不亮")
    assert set(search_opinions(Opinion.objects.filter(station=station), "路灯", by_phone=True)) == {mine}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the bigram indexes are PostgreSQL's")
def test_postgresql_answers_the_search_from_the_bigram_indexes(station):
    OpinionFactory(station=station, content="路灯不亮")
    queryset = search_opinions(Opinion.objects.all(), "路灯", by_phone=False)
    with connection.cursor() as cursor:
        # A few rows would be read sequentially anyway: forbid it, so the plan shows whether the indexes fit.
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "voters_opinion_content_bigrams" in plan and "voters_opinion_location_bigrams" in plan
    filters = [line for line in plan.splitlines() if "Filter:" in line]
    assert filters and not any("voters_bigrams" in line for line in filters)  # LIKE only on the rows read


def test_officer_list_search_is_scoped(officer, station, other_station):
    OpinionFactory(station=station, content="小区路灯不亮")
    elsewhere = OpinionFactory(station=other_station, content="小区路灯不亮")
    page = officer.get("/opinions/", {"q": "路灯"}).content.decode()
    assert "小区路灯不亮" in page and elsewhere.tracking_code not in page
