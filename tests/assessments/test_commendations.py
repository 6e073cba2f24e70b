"""Commendations (评先选优, seeds 000, 001, 004): the moves of the one table, the figures behind each nominee
worked out by hand, the pages per role, the workbook, and the public board once the year is published."""

import io
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessments.commendation_figures import attach_figures
from assessments.commendations import (
    COMMENDATION_NEXT,
    commendation_decline,
    commendation_nominate,
    commendation_select,
    decisions_for,
)
from assessments.models import Commendation, CommendationEvent, DutyKind
from assessments.rules import ruleset_ensure
from assessments.services import results_publish, scores_freeze
from liaison.activities.models import Activity
from liaison.core.errors import ActionRefused
from suggestions.models import Suggestion
from tests.activities.factories import ActivityFactory
from tests.assessments.factories import record
from tests.suggestions.factories import Loop

pytestmark = pytest.mark.django_db
Kind, Status = Commendation.Kind, Commendation.Status
YEAR = timezone.localdate().year
# As in tests/suggestions/test_rates.py: the year's story starts on 2 February, so that every suggestion
# and every reply fall in one calendar year whatever day the suite runs.
START = timezone.make_aware(datetime(YEAR, 2, 2, 10))


@pytest.fixture(autouse=True)
def on_the_second_of_february():
    with time_machine.travel(START, tick=False):
        yield


@pytest.fixture
def loop(staff_user, deputy_user, unit_user_account):
    return Loop(staff=staff_user, deputy_user=deputy_user, unit_user=unit_user_account)


def nominated(station, officer_user, **fields):
    return commendation_nominate(
        year=YEAR,
        kind=Kind.STATION,
        nominee=station,
        actor=officer_user,
        reason="接待选民日按时举办",
        **fields,
    )


# --- The moves ---------------------------------------------------------------------------------------


def test_a_nomination_is_selected_or_not_with_its_events(station, officer_user, staff_user):
    commendation = nominated(station, officer_user)
    assert (commendation.status, commendation.nominated_by) == (Status.NOMINATED, officer_user)
    commendation_decline(commendation=commendation, actor=staff_user, note="接待次数未达计划")
    commendation.refresh_from_db()
    assert (commendation.status, commendation.decision_note) == (Status.NOT_SELECTED, "接待次数未达计划")
    # Reconsidered before the year is published.
    commendation_select(commendation=commendation, actor=staff_user, note="复核后评选")
    commendation.refresh_from_db()
    assert commendation.status == Status.SELECTED and commendation.decided_by == staff_user
    assert list(commendation.events.values_list("kind", "note")) == [
        (CommendationEvent.Kind.NOMINATED, "接待选民日按时举办"),
        (CommendationEvent.Kind.NOT_SELECTED, "接待次数未达计划"),
        (CommendationEvent.Kind.SELECTED, "复核后评选"),
    ]


def test_forbidden_moves_raise_and_change_nothing(station, officer_user, staff_user, handling_unit):
    commendation = nominated(station, officer_user)
    with pytest.raises(ActionRefused):
        commendation_select(commendation=commendation, actor=officer_user)  # staff decide
    with pytest.raises(ActionRefused):
        commendation_decline(commendation=commendation, actor=staff_user, note="  ")  # a reason is due
    with pytest.raises(ActionRefused):
        nominated(station, officer_user)  # once a year
    with pytest.raises(ActionRefused):
        commendation_nominate(year=YEAR, kind=Kind.UNIT, nominee=handling_unit, actor=officer_user)
    with pytest.raises(ActionRefused):
        commendation_nominate(year=YEAR + 1, kind=Kind.STATION, nominee=station, actor=staff_user)
    commendation_select(commendation=commendation, actor=staff_user)
    with pytest.raises(ActionRefused):
        commendation_select(commendation=commendation, actor=staff_user)  # not in the table
    assert Status.SELECTED not in COMMENDATION_NEXT[Status.SELECTED]
    commendation.refresh_from_db()
    assert commendation.status == Status.SELECTED and commendation.events.count() == 2
    assert Commendation.objects.count() == 1


def test_a_published_year_stands(station, point, officer_user, staff_user):
    commendation = nominated(station, officer_user)
    ruleset_ensure(YEAR)
    scores_freeze(year=YEAR, actor=staff_user)
    assert decisions_for(staff_user, commendation) == [Status.SELECTED, Status.NOT_SELECTED]
    results_publish(year=YEAR, actor=staff_user)
    assert decisions_for(staff_user, commendation) == []
    with pytest.raises(ActionRefused):
        commendation_select(commendation=commendation, actor=staff_user)
    with pytest.raises(ActionRefused):
        commendation_nominate(year=YEAR, kind=Kind.STATION, nominee=point, actor=officer_user)
    commendation.refresh_from_db()
    assert commendation.status == Status.NOMINATED


# --- The figures behind each -------------------------------------------------------------------------


def test_the_figures_are_the_records(loop, staff_user, station, officer_user, deputy_record):
    # The unit led four suggestions received this year: A closed satisfied, B closed basically satisfied
    # (both replied on time), C being handled, D replied after its deadline.
    # → 办结率 2 ÷ 4 = 50.0%; 满意率 1 ÷ 2 = 50.0%; on time 2 ÷ 3 replied = 66.7%.
    a = loop.to("closed", rating=Suggestion.Rating.SATISFIED)
    loop.to("closed", rating=Suggestion.Rating.BASICALLY)
    loop.to("accepted")
    late = loop.to("contacted")
    with time_machine.travel(timezone.now() + timedelta(days=130), tick=False):
        loop.to("replied", suggestion=late)
    ActivityFactory(station=station, status=Activity.Status.DONE, starts_at=START - timedelta(days=1))
    ActivityFactory(
        station=station, kind=Activity.Kind.RECEPTION, status=Activity.Status.DONE, starts_at=START
    )
    ActivityFactory(station=station, status=Activity.Status.CANCELLED, starts_at=START)
    record(deputy_record, DutyKind.SPEECH, START.date())
    made = [
        commendation_nominate(year=YEAR, kind=Kind.UNIT, nominee=loop.unit, actor=staff_user),
        commendation_nominate(year=YEAR, kind=Kind.SUGGESTION, nominee=a, actor=officer_user),
        nominated(station, officer_user),
        commendation_nominate(year=YEAR, kind=Kind.DEPUTY, nominee=deputy_record, actor=officer_user),
    ]
    unit, suggestion, place, deputy = (
        {str(figure.label): str(figure.value) for figure in c.figures} for c in attach_figures(made)
    )
    assert unit == {"牵头办理建议": "4", "办结率": "50.0%", "满意率": "50.0%", "按时答复率": "66.7%"}
    assert suggestion["评价"] == "满意" and suggestion["按时答复"] == "是" and suggestion["状态"] == "已办结"
    assert place == {"已举办活动": "2", "举办接待选民日": "1"}
    assert deputy["履职积分"] == "3.0"  # a speech at the default points


# --- The pages ---------------------------------------------------------------------------------------


def test_an_officer_nominates_for_the_station_and_staff_decide(officer, committee_staff, station, staff_user):
    url = reverse("assessments:commendation_nominate")
    page = officer.get(url)
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == [
        "deputy",
        "station",
        "suggestion",
    ]
    # Nothing chosen: the form says so and keeps the reason typed.
    refused = officer.post(url, {"year": YEAR, "kind": "station", "reason": "全年接待选民12次"})
    assert refused.status_code == 200 and "请选择推荐对象" in refused.content.decode()
    assert "全年接待选民12次" in refused.content.decode()
    response = officer.post(
        url, {"year": YEAR, "kind": "station", "station": station.pk, "reason": "全年接待12次"}
    )
    commendation = Commendation.objects.get()
    assert response.status_code == 302 and response["Location"] == commendation.get_absolute_url()
    # Twice is refused on the form.
    again = officer.post(url, {"year": YEAR, "kind": "station", "station": station.pk, "reason": "再次"})
    assert again.status_code == 200 and "已被推荐" in again.content.decode()
    # The officer sees it, without the buttons; staff decide.
    detail = officer.get(commendation.get_absolute_url())
    assert detail.status_code == 200 and detail.context["decisions"] == []
    decide = reverse("assessments:commendation_decide", args=[commendation.pk])
    assert officer.post(decide, {"decision": "selected"}).status_code == 403
    assert committee_staff.get(commendation.get_absolute_url()).context["decisions"]
    no_reason = committee_staff.post(decide, {"decision": "not_selected", "note": ""}, follow=True)
    assert "请说明未评选的理由" in no_reason.content.decode()
    committee_staff.post(decide, {"decision": "selected", "note": "评选为优秀联络站"})
    commendation.refresh_from_db()
    assert commendation.status == Status.SELECTED


def test_the_list_filters_and_scopes(
    officer, other_officer, committee_staff, station, other_station, staff_user, officer_user
):
    nominated(station, officer_user)
    commendation_nominate(year=YEAR, kind=Kind.STATION, nominee=other_station, actor=staff_user)
    url = reverse("assessments:commendations")
    assert len(committee_staff.get(url).context["rows"]) == 2
    assert [c.station for c in officer.get(url).context["rows"]] == [station]
    assert [c.station for c in other_officer.get(url).context["rows"]] == [other_station]
    assert [c.station for c in committee_staff.get(url, {"q": other_station.name}).context["rows"]] == [
        other_station
    ]
    assert committee_staff.get(url, {"status": "selected"}).context["rows"] == []
    assert committee_staff.get(url, {"year": YEAR - 1}).context["rows"] == []


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_costs_the_same_whatever_its_length(
    committee_staff, staff_user, loop, station, count, django_assert_num_queries
):
    from tests.deputies.factories import DeputyFactory
    from tests.liaison.factories import StationFactory

    for _n in range(count):
        commendation_nominate(year=YEAR, kind=Kind.DEPUTY, nominee=DeputyFactory(), actor=staff_user)
        commendation_nominate(year=YEAR, kind=Kind.STATION, nominee=StationFactory(), actor=staff_user)
        commendation_nominate(year=YEAR, kind=Kind.SUGGESTION, nominee=loop.to("submitted"), actor=staff_user)
    commendation_nominate(year=YEAR, kind=Kind.UNIT, nominee=loop.unit, actor=staff_user)
    url = reverse("assessments:commendations")
    committee_staff.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        assert committee_staff.get(url).status_code == 200


# session, user, count, page, published?, and the figures: a station's activities, a suggestion's outcome,
# a unit's rates, a deputy's score (the rules in force and its two aggregates).
LIST_QUERIES = 13


def test_the_workbook_holds_every_row_and_no_formula(committee_staff, station, officer_user, staff_user):
    commendation = commendation_nominate(
        year=YEAR, kind=Kind.STATION, nominee=station, actor=officer_user, reason='=HYPERLINK("http://x")'
    )
    commendation_decline(commendation=commendation, actor=staff_user, note="+1 接待次数不足")
    response = committee_staff.get(reverse("assessments:commendation_export"), {"year": YEAR})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [cell.value for cell in sheet[1]], sheet[2]
    values = dict(zip(header, (cell.value for cell in row), strict=True))
    assert values["推荐对象"] == station.name and values["状态"] == "未评选"
    assert values["依据数据"] == "已举办活动: 0；举办接待选民日: 0"
    reason = row[header.index("推荐理由")]
    assert reason.value.startswith("=") and reason.data_type == "s" and reason.quotePrefix
    assert row[header.index("评选意见")].quotePrefix
    assert sheet.max_row == 2


# --- The public board --------------------------------------------------------------------------------


def test_the_board_shows_only_published_selections(
    anonymous, station, point, officer_user, staff_user, handling_unit
):
    selected = nominated(station, officer_user)
    commendation_select(commendation=selected, actor=staff_user)
    declined = commendation_nominate(year=YEAR, kind=Kind.STATION, nominee=point, actor=officer_user)
    commendation_decline(commendation=declined, actor=staff_user, note="次数不足")
    unit = commendation_nominate(year=YEAR, kind=Kind.UNIT, nominee=handling_unit, actor=staff_user)
    commendation_select(commendation=unit, actor=staff_user)
    url = reverse("home:station_public", args=[station.pk])
    assert "优秀联络站" not in anonymous.get(url).content.decode()  # not published yet
    ruleset_ensure(YEAR)
    scores_freeze(year=YEAR, actor=staff_user)
    results_publish(year=YEAR, actor=staff_user)
    cache.clear()
    page = anonymous.get(url).content.decode()
    assert f"{YEAR}年度受表彰" in page
    assert "优秀联络站" in page and station.name in page
    assert "建议办理先进单位" in page and handling_unit.name in page
    public = page.split(f"{YEAR}年度受表彰")[1]
    assert point.name not in public.split("</ul>")[0]  # not selected: not on the board


def test_the_duty_archive_lists_the_commendations_the_deputy_was_selected_for(
    committee_staff, station, officer_user, staff_user, deputy_record
):
    selected = commendation_nominate(
        year=YEAR, kind=Kind.DEPUTY, nominee=deputy_record, actor=officer_user, reason="履职积分居前"
    )
    commendation_select(commendation=selected, actor=staff_user, note="各项最低要求均达到")
    declined = commendation_nominate(
        year=YEAR - 1, kind=Kind.DEPUTY, nominee=deputy_record, actor=officer_user, reason="积极走访选民"
    )
    commendation_decline(commendation=declined, actor=staff_user, note="积分未进入前列")
    response = committee_staff.get(reverse("assessments:archive", args=[deputy_record.pk]), {"year": YEAR})
    assert [(c.year, c.kind) for c in response.context["archive"].commendations] == [(YEAR, Kind.DEPUTY)]
    assert str(Kind.DEPUTY.label) in response.content.decode()
