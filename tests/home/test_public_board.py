"""The public site of each station (四公开 / 五上墙, seed 004; 亮身份 亮承诺 亮履职, seed 001) and its posters
(码上找代表): what shows, what never shows, what it costs (publishing a year's results:
tests/assessments/test_publishing.py)."""

import base64
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Commendation, DutyKind, DutyRecord, RuleSet, ScoreSnapshot
from deputies.models import Level
from liaison.activities.models import Activity, Invitation
from liaison.core.qr import qr_data_uri
from liaison.models import Station
from tests.activities.factories import ActivityFactory, report_meeting
from tests.deputies.factories import DeputyFactory, DeputyGroupFactory, MandateFactory
from tests.liaison.factories import StationingFactory
from tests.voters.factories import OpinionFactory, VoterFactory

THIS_YEAR = timezone.localdate().year


def duty(deputy, kind, *, day=None, quantity=1, status=DutyRecord.Status.APPROVED, title="履职"):
    return DutyRecord.objects.create(
        deputy=deputy,
        kind=kind,
        date=day or date(THIS_YEAR, 1, 10),
        title=title,
        quantity=quantity,
        status=status,
    )


def stationed_deputy(station, name, *, group=None, pledge=""):
    deputy = DeputyFactory(name=name, pledge=pledge)
    MandateFactory(deputy=deputy, level=Level.COUNTY)
    MandateFactory(deputy=deputy, level=Level.TOWNSHIP)
    StationingFactory(deputy=deputy, station=station)
    if group is not None:
        group.members.add(deputy)
    return deputy


def reception_day(station, officer, deputies, *, days_ahead=7, status=Activity.Status.PUBLISHED):
    start = timezone.now() + timedelta(days=days_ahead)
    day = ActivityFactory(
        kind=Activity.Kind.RECEPTION,
        title="接待选民日",
        station=station,
        organiser=officer,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        status=status,
        published_at=timezone.now() if status == Activity.Status.PUBLISHED else None,
    )
    for deputy in deputies:
        Invitation.objects.create(activity=day, deputy=deputy)
    return day


def publish_year(year, deputies, *, staff, excellent=()):
    ruleset, _created = RuleSet.objects.get_or_create(year=year)
    ruleset.frozen_at, ruleset.frozen_by = timezone.now(), staff
    ruleset.published_at, ruleset.published_by = timezone.now(), staff
    ruleset.save()
    for position, deputy in enumerate(deputies):
        ScoreSnapshot.objects.create(
            year=year, deputy=deputy, total=Decimal(40 + position), missed=[] if position else ["suggestions"]
        )
    for deputy in excellent:
        Commendation.objects.create(
            year=year,
            kind=Commendation.Kind.DEPUTY,
            deputy=deputy,
            status=Commendation.Status.SELECTED,
            nominated_by=staff,
            decided_by=staff,
        )
    return ruleset


def board(client, station):
    response = client.get(reverse("home:station_public", args=[station.pk]))
    assert response.status_code == 200
    return response.content.decode()


# --- What the board shows ---------------------------------------------------------------------------------


def test_board_names_a_national_deputy_once_as_such(anonymous, station):
    deputy = stationed_deputy(station, "李全国")
    MandateFactory(deputy=deputy, level=Level.NATIONAL)
    page = board(anonymous, station)
    assert "全国人大代表" in page and "人大人大" not in page


def test_board_shows_who_the_deputies_are_what_they_pledged_and_did(anonymous, station):
    group = DeputyGroupFactory(name="东湖第一代表小组")
    deputy = stationed_deputy(station, "王建华", group=group, pledge="每月接待选民一次，件件有回音。")
    duty(deputy, DutyKind.RECEPTION_DAY, quantity=2)
    duty(deputy, DutyKind.RECEPTION_DAY)
    duty(deputy, DutyKind.VOTER_VISIT)
    duty(deputy, DutyKind.SPEECH, status=DutyRecord.Status.PENDING)  # not approved: not counted
    duty(deputy, DutyKind.BILL, day=date(THIS_YEAR - 1, 6, 1))  # last year: not counted
    duty(deputy, DutyKind.ABSENCE)  # scored against, not a duty done: not shown
    elsewhere = stationed_deputy(Station.objects.create(name="别处联络站"), "不相干")

    page = board(anonymous, station)

    # The board names the deputies under each level they serve in (seed 001: both mandates) ...
    assert "王建华" in page and elsewhere.name not in page
    assert "县（区）级人大代表" in page and "乡镇级人大代表" in page
    assert page.count(reverse("home:deputy_public", args=[deputy.public_token])) == 2
    assert deputy.phone[-8:] not in page  # a deputy's own phone is not published
    # ... and each name opens who they are, what they pledged and what they did (亮身份 亮承诺 亮履职).
    response = anonymous.get(reverse("home:deputy_public", args=[deputy.public_token]))
    page = response.content.decode()
    assert "东湖第一代表小组" in page
    assert "每月接待选民一次，件件有回音。" in page
    assert "接待选民日 × 3" in page and "走访选民 × 1" in page
    assert "发言" not in page and "议案" not in page and "无故缺席" not in page
    assert reverse("voters:public_deputy", args=[deputy.public_token]) in page
    assert reverse("home:deputy_public_poster", args=[deputy.public_token]) in page
    assert deputy.phone[-8:] not in page


def test_a_liaison_station_shows_the_deputies_and_days_of_its_points(anonymous, station, point, officer_user):
    at_point = stationed_deputy(point, "李秀英")
    reception_day(point, officer_user, [at_point])
    reception_day(point, officer_user, [at_point], days_ahead=9, status=Activity.Status.PLANNED)
    reception_day(point, officer_user, [at_point], days_ahead=120)  # beyond the coming weeks

    page = board(anonymous, station)

    assert "李秀英" in page and point.name in page
    assert page.count(reverse("activities:notice", args=[0])[:-2]) == 1  # one published day in range
    assert reverse("home:station_public", args=[point.pk]) in page
    # The point's own board shows its deputies and days, and leads back to the liaison station.
    point_page = board(anonymous, point)
    assert "李秀英" in point_page and reverse("home:station_public", args=[station.pk]) in point_page


def test_board_shows_the_rules_and_the_reports_to_voters(anonymous, station):
    station.rules = "每月15日为代表接待选民日。\n群众意见七日内答复。"
    station.save()
    deputy = stationed_deputy(station, "赵德明")
    duty(deputy, DutyKind.REPORT_TO_VOTERS, day=date(THIS_YEAR, 3, 2), title="2026年度向选民述职")
    duty(deputy, DutyKind.REPORT_TO_VOTERS, title="未审核的述职", status=DutyRecord.Status.PENDING)

    page = board(anonymous, station)

    assert "每月15日为代表接待选民日。" in page and "群众意见七日内答复。" in page
    assert "2026年度向选民述职" in page and f"{THIS_YEAR}-03-02" in page
    assert "未审核的述职" not in page


def test_board_shows_only_the_years_staff_published(anonymous, station, staff_user):
    first, second = stationed_deputy(station, "孙立新"), stationed_deputy(station, "周海燕")
    publish_year(THIS_YEAR - 1, [first, second], staff=staff_user, excellent=[second])
    frozen_only, _created = RuleSet.objects.get_or_create(year=THIS_YEAR - 2)
    frozen_only.frozen_at = timezone.now()
    frozen_only.save()
    ScoreSnapshot.objects.create(year=THIS_YEAR - 2, deputy=first, total=Decimal("77.5"))

    page = board(anonymous, station)

    assert f"{THIS_YEAR - 1}年度履职结果" in page
    assert "41.0" in page and "40.0" in page and "优秀代表" in page
    assert "77.5" not in page and f"{THIS_YEAR - 2}年度" not in page


def test_no_voter_data_ever_reaches_the_public_pages(anonymous, station, point, deputy_record, officer_user):
    """Voters' opinions in the database, by every channel, addressed to the station and the deputy."""
    voter = VoterFactory(station=point, name="钱多多", phone="+8613900001111", address="桂花路99号")
    OpinionFactory(station=point, voter=voter, content="楼道里堆放杂物无人清理，钱多多反映。")
    OpinionFactory(station=station, voter=voter, deputy=deputy_record, content="希望增设公交站点。")
    duty(deputy_record, DutyKind.OPINION, title="收到选民意见")
    reception_day(point, officer_user, [deputy_record])

    pages = [
        anonymous.get(reverse("home:public_index")),
        anonymous.get(reverse("home:station_public", args=[station.pk])),
        anonymous.get(reverse("home:station_public", args=[point.pk])),
        anonymous.get(reverse("home:station_poster", args=[station.pk])),
        anonymous.get(reverse("home:deputy_public", args=[deputy_record.public_token])),
        anonymous.get(reverse("home:deputy_public_poster", args=[deputy_record.public_token])),
        anonymous.get(reverse("activities:board", args=[station.pk])),
    ]
    for response in pages:
        assert response.status_code == 200
        # Without the site's own addresses: an object's id there may be any number, the phone's last four too.
        text = re.sub(r'="/[^"]*"', '=""', response.content.decode())
        for secret in ("钱多多", "13900001111", "1111", "桂花路99号", "楼道里堆放杂物", "增设公交站点"):
            assert secret not in text, (response.wsgi_request.path, secret)


def test_station_index_lists_the_stations_and_their_points(anonymous, station, point, other_station):
    closed = Station.objects.create(name="已撤销联络站", is_active=False)
    page = anonymous.get(reverse("home:public_index")).content.decode()
    for place in (station, point, other_station):
        assert place.name in page and reverse("home:station_public", args=[place.pk]) in page
    assert closed.name not in page


def test_a_closed_station_has_no_board_even_while_cached(anonymous, station):
    board(anonymous, station)  # now cached
    station.is_active = False
    station.save()
    assert anonymous.get(reverse("home:station_public", args=[station.pk])).status_code == 404
    assert anonymous.get(reverse("home:station_poster", args=[station.pk])).status_code == 404


def test_the_schedule_page_of_the_board_still_works(anonymous, station, point, officer_user, deputy_record):
    day = reception_day(point, officer_user, [deputy_record])
    page = anonymous.get(reverse("activities:board", args=[station.pk])).content.decode()
    assert reverse("activities:notice", args=[day.pk]) in page
    assert reverse("home:station_public", args=[station.pk]) in page


def test_the_deputy_public_page_shows_duties_reports_and_published_results(
    anonymous, deputy_record, point, staff_user
):
    duty(deputy_record, DutyKind.VOTER_RECEPTION, quantity=4)
    duty(deputy_record, DutyKind.REPORT_TO_VOTERS, title="向原选区选民述职")
    publish_year(THIS_YEAR - 1, [deputy_record], staff=staff_user)
    page = anonymous.get(reverse("home:deputy_public", args=[deputy_record.public_token])).content.decode()
    assert "接待选民 × 4" in page and "向原选区选民述职" in page
    assert f"{THIS_YEAR - 1}年度履职结果" in page
    assert reverse("home:station_public", args=[point.pk]) in page
    assert reverse("home:deputy_public_poster", args=[deputy_record.public_token]) in page


# --- Caching and query budget -----------------------------------------------------------------------------


def _populate(station, officer, count, staff):
    group = DeputyGroupFactory()
    deputies = [stationed_deputy(station, f"代表{n}", group=group, pledge="承诺") for n in range(count)]
    for deputy in deputies:
        duty(deputy, DutyKind.RECEPTION_DAY)
        duty(deputy, DutyKind.VOTER_VISIT, quantity=2)
        duty(deputy, DutyKind.REPORT_TO_VOTERS, title=f"{deputy.name}述职")
    reception_day(station, officer, deputies[:10])
    reception_day(station, officer, deputies[-10:], days_ahead=14)
    report_meeting(station=station, organiser=officer, deputies=deputies[:10])
    publish_year(THIS_YEAR - 1, deputies, staff=staff, excellent=deputies[:1])
    return deputies


# station, points, deputies, mandates, days, their invitations, reports, reports with their texts and
# ratings, published years, excellent deputies, snapshots, the year's commendations of the station (the
# deputies' groups, stationings and duty counts are on each deputy's own page).
BOARD_QUERIES = 12


@pytest.mark.parametrize("count", [2, 20])
def test_board_query_count_does_not_grow_with_deputies(
    anonymous, station, point, officer_user, staff_user, count, django_assert_num_queries
):
    deputies = _populate(station, officer_user, count, staff_user)
    url = reverse("home:station_public", args=[station.pk])
    with django_assert_num_queries(BOARD_QUERIES):
        page = anonymous.get(url).content.decode()
    assert all(deputy.name in page for deputy in deputies)
    # Cached for the next visitor: only the station itself is read again.
    with django_assert_num_queries(1):
        assert anonymous.get(url).status_code == 200


def test_a_streets_board_stays_a_page(anonymous, station, point, officer_user, staff_user):
    """A street's station has some 170 deputies (bench/generate.py STREET): one card each made the board
    226 KB; it names them instead, each name opening the deputy's page, and the two published years shown
    list them."""
    deputies = _populate(station, officer_user, 170, staff_user)
    publish_year(THIS_YEAR - 2, deputies, staff=staff_user, excellent=[])
    page = anonymous.get(reverse("home:station_public", args=[station.pk])).content
    assert len(page) < 100_000, len(page)  # bench/pages.py BYTES_LIMIT
    text = page.decode()
    assert all(reverse("home:deputy_public", args=[deputy.public_token]) in text for deputy in deputies)
    assert text.count("<td>代表169</td>") == 2  # in each year's results


def test_board_is_cached_per_language(anonymous, station, settings):
    stationed_deputy(station, "吴国强")
    url = reverse("home:station_public", args=[station.pk])
    chinese = anonymous.get(url).content.decode()
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = english_client.get(url)
    english = response.content.decode()
    assert "Cookie" in response["Vary"]  # a shared cache keeps each language apart
    assert "我们的代表" in chinese and "Our deputies" in english
    assert "Our deputies" not in chinese and "我们的代表" not in english


def test_board_shows_changes_once_its_cache_expires(anonymous, station):
    board(anonymous, station)
    station.rules = "新的站务规则"
    station.save()
    assert "新的站务规则" not in board(anonymous, station)  # within the few minutes the board is kept
    cache.clear()  # as when PUBLIC_CACHE_SECONDS have passed
    assert "新的站务规则" in board(anonymous, station)


@pytest.mark.parametrize("name", ["home:public_index", "home:station_public", "voters:public_station"])
def test_public_pages_offer_the_language_switch(anonymous, station, name):
    url = reverse(name, args=[] if name == "home:public_index" else [station.pk])
    page = anonymous.get(url).content.decode()
    assert f'action="{reverse("set_language")}"' in page and 'value="en"' in page


def test_board_is_public_and_cacheable(anonymous, station):
    response = anonymous.get(reverse("home:station_public", args=[station.pk]))
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]


@pytest.mark.parametrize("count", [2, 20])
def test_index_query_count_does_not_grow(anonymous, count, django_assert_num_queries, db):
    for n in range(count):
        parent = Station.objects.create(name=f"街道{n}联络站")
        Station.objects.create(name=f"社区{n}联络点", kind=Station.Kind.POINT, parent=parent)
    with django_assert_num_queries(2):
        anonymous.get(reverse("home:public_index"))


@pytest.mark.parametrize("count", [2, 20])
def test_deputy_public_page_query_count_is_fixed(
    anonymous, station, officer_user, staff_user, count, django_assert_num_queries
):
    deputy = _populate(station, officer_user, count, staff_user)[0]
    # deputy, mandates, groups, stationings, duty counts, reports, published years, excellent, snapshots
    with django_assert_num_queries(10):  # one more: the reports with their texts and ratings
        anonymous.get(reverse("home:deputy_public", args=[deputy.public_token]))


# --- Posters (码上找代表) --------------------------------------------------------------------------------


def _decoded(uri):
    assert uri.startswith("data:image/svg+xml;base64,")
    return base64.b64decode(uri.split(",", 1)[1]).decode()


def test_station_poster_leads_to_the_board_and_the_form(anonymous, station):
    response = anonymous.get(reverse("home:station_poster", args=[station.pk]))
    page = response.content.decode()
    assert next(t.name for t in response.templates) == "core/poster.html"
    for name in ("home:station_public", "voters:public_station"):
        url = f"http://testserver{reverse(name, args=[station.pk])}"
        assert url in page and qr_data_uri(url) in page
        assert "<svg" in _decoded(qr_data_uri(url))
    assert "/static/core/poster.css" in page and "<style" not in page


def test_deputy_poster_leads_to_the_page_and_the_form(anonymous, deputy_record):
    page = anonymous.get(
        reverse("home:deputy_public_poster", args=[deputy_record.public_token])
    ).content.decode()
    for name in ("home:deputy_public", "voters:public_deputy"):
        url = f"http://testserver{reverse(name, args=[deputy_record.public_token])}"
        assert url in page and qr_data_uri(url) in page
    assert "县（区）级人大代表" in page and "13812345678" not in page


def test_an_unstationed_deputy_poster_has_no_form_code(anonymous, deputy_record):
    deputy_record.stationings.update(until=timezone.localdate())
    page = anonymous.get(
        reverse("home:deputy_public_poster", args=[deputy_record.public_token])
    ).content.decode()
    assert reverse("voters:public_deputy", args=[deputy_record.public_token]) not in page


def test_officers_print_the_same_posters(officer, point, deputy_record):
    """One poster mechanism: the officer's station QR page and a deputy's QR poster render it."""
    station_poster = officer.get(reverse("voters:station_qr", args=[point.pk]))
    deputy_poster = officer.get(reverse("deputies:qr_poster", args=[deputy_record.pk]))
    for response in (station_poster, deputy_poster):
        assert response.status_code == 200
        assert "core/poster.html" in [t.name for t in response.templates]
    assert reverse("home:station_public", args=[point.pk]) in station_poster.content.decode()


def test_poster_stylesheet_prints_on_a4():
    css = Path(finders.find("core/poster.css")).read_text(encoding="utf-8")
    assert "@page { size: A4" in css and "@media print" in css


def test_station_page_leads_officers_to_the_board_and_poster(officer, point):
    page = officer.get(reverse("liaison:station_detail", args=[point.pk])).content.decode()
    assert reverse("home:station_public", args=[point.pk]) in page
    assert reverse("voters:station_qr", args=[point.pk]) in page


# --- The station's rules, edited by those who manage the network -----------------------------------------


def test_officer_edits_the_station_rules(officer, point, anonymous):
    url = reverse("liaison:station_edit", args=[point.pk])
    data = {
        "name": point.name,
        "kind": point.kind,
        "parent": point.parent_id,
        "address": point.address,
        "rules": "接待日提前一周公告。",
        "is_active": "on",
    }
    response = officer.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    point.refresh_from_db()
    assert point.rules == "接待日提前一周公告。"
    assert "接待日提前一周公告。" in board(anonymous, point)
