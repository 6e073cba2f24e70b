"""Suggestions shared across stations (seed 001): every officer and deputy searches the completed suggestions
of the deployment, and a new suggestion shows similar ones with their answers. Nothing of a person shows."""

import re

import pytest
from django.urls import reverse

from suggestions.models import Suggestion
from suggestions.selectors import similar_closed
from tests.voters.factories import OpinionFactory, VoterFactory

pytestmark = pytest.mark.django_db

ANSWER = "已会同相关部门研究，计划年内增设站点。"  # the reply the test loop's unit gives


def _closed(loop, **fields):
    return loop.to("closed", **fields)


def test_the_list_holds_completed_suggestions_only_for_every_officer_and_deputy(
    loop, officer, other_officer, other_deputy
):
    done = _closed(loop, title="关于增设桂花社区公交站点的建议")
    running = loop.to("assigned", title="关于改造老旧小区电梯的建议")
    for client in (officer, other_officer, other_deputy):
        page = client.get(reverse("suggestions:shared"))
        assert [row.pk for row in page.context["page"]] == [done.pk]
        assert ANSWER[:20] in page.content.decode()
    assert other_deputy.get(reverse("suggestions:shared_detail", args=[running.pk])).status_code == 404
    detail = other_officer.get(reverse("suggestions:shared_detail", args=[done.pk])).content.decode()
    assert done.title in detail and ANSWER in detail and loop.unit.name in detail


def test_search_and_filters(loop, deputy, second_unit, second_unit_user):
    bus = _closed(loop, title="关于增设桂花社区公交站点的建议", category="transport")
    school = _closed(loop, title="关于扩建城西小学的建议", category="education", result_class="D")
    other = _closed(loop, title="关于整治河道的建议", category="environment", lead_unit=second_unit)

    def found(**params):
        return {row.pk for row in deputy.get(reverse("suggestions:shared"), params).context["page"]}

    assert found(q="公交") == {bus.pk}
    assert found(q="计划年内") == {bus.pk, school.pk, other.pk}  # the reply's text
    assert found(category="education") == {school.pk}
    assert found(result_class="D") == {school.pk}
    assert found(unit=second_unit.pk) == {other.pk}
    assert found(year=bus.year) == {bus.pk, school.pk, other.pk}
    assert found(year=bus.year - 1) == set()


def test_no_person_shows_on_the_shared_pages(loop, station, officer, deputy):
    voter = VoterFactory(station=station, name="欧阳秀梅", phone="+8613912345678")
    opinion = OpinionFactory(station=station, voter=voter, content="欧阳秀梅反映公交站太远")
    suggestion = loop.draft(
        title="关于增设桂花社区公交站点的建议", content="选民欧阳秀梅（13912345678）反映公交站太远。"
    )
    suggestion.source_opinions.add(opinion)
    suggestion = loop.to("closed", suggestion=suggestion)
    pages = [
        officer.get(reverse("suggestions:shared")),
        officer.get(reverse("suggestions:shared_detail", args=[suggestion.pk])),
        deputy.get(reverse("suggestions:similar"), {"title": "增设公交站点"}),
    ]
    for response in pages:
        text = response.content.decode()
        assert suggestion.title in text  # the page did show the suggestion
        assert "欧阳秀梅" not in text
        assert not re.search(r"1[3-9]\d{9}", text), "a mobile number on a shared page"
        assert suggestion.content not in text  # the content may name voters: never shown
        assert loop.deputy.name not in text


def test_similar_closed_ones_are_shown_while_a_suggestion_is_written(loop, deputy):
    bus = _closed(loop, title="关于增设桂花社区公交站点的建议")
    _closed(loop, title="关于扩建城西小学的建议")
    assert [row.pk for row, _score in similar_closed("桂花社区公交站点太少")] == [bus.pk]
    assert similar_closed("关于") == []
    panel = deputy.get(reverse("suggestions:similar"), {"title": "增设公交站点"})
    assert [row.pk for row, _score in panel.context["similar"]] == [bus.pk]
    assert ANSWER[:20] in panel.content.decode()
    # A form sent back with an error keeps the title and shows the answers for it.
    page = deputy.post(reverse("suggestions:create"), {"title": "桂花社区公交站点", "content": ""})
    assert page.status_code == 200
    assert [row.pk for row, _score in page.context["similar"]] == [bus.pk]
    assert Suggestion.objects.filter(status=Suggestion.Status.DRAFT).count() == 0


def test_units_and_visitors_are_kept_out(loop, unit_user, anonymous):
    done = _closed(loop)
    assert unit_user.get(reverse("suggestions:shared")).status_code == 403
    assert unit_user.get(reverse("suggestions:shared_detail", args=[done.pk])).status_code == 403
    assert anonymous.get(reverse("suggestions:shared")).status_code == 302


@pytest.mark.parametrize("count", [2, 20])
def test_shared_list_query_count(loop, other_deputy, django_assert_num_queries, count):
    for index in range(count):
        _closed(loop, title=f"关于增设第{index}号公交站点的建议")
    # The same at 2 and 20 rows: the reply's text comes in the rows' query, the unit in its join.
    with django_assert_num_queries(6):
        response = other_deputy.get(reverse("suggestions:shared"), {"q": "公交"})
    assert len(response.context["page"]) == count
