"""Reports to voters and voters' ratings (liaison/activities/ratings.py): the officer's report texts and paper
tallies, the voter's rating confirmed by an SMS code sent through the real file backend, one per phone."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from liaison.accounts.sms_codes import code_issue, code_use
from liaison.activities.models import Activity, ActivityEvent, Invitation, Rating, RatingBallot, RatingCode
from liaison.activities.ratings import (
    paper_tally_record,
    published_reports,
    rating_code_send,
    rating_is_open,
    rating_submit,
    reports_of,
    voter_report_save,
)
from liaison.activities.tasks import purge_rating_codes
from liaison.core.errors import ActionRefused
from tests.activities.factories import ActivityFactory, report_meeting
from tests.deputies.factories import DeputyFactory
from tests.liaison.sms_file import SmsFile

pytestmark = pytest.mark.django_db

VOTER = "+8613700001234"
OTHER_VOTER = "+8613700005678"


@pytest.fixture
def sms(settings, monkeypatch, tmp_path):
    return SmsFile.install(settings, monkeypatch, tmp_path)


@pytest.fixture
def meeting(point, officer_user, deputy_record):
    second = DeputyFactory(name="王丽")
    return report_meeting(station=point, organiser=officer_user, deputies=[deputy_record, second])


def rate_all(meeting, rating):
    return dict.fromkeys(meeting.voter_reports.all(), rating)


def confirmed(meeting, sms, phone=VOTER, address="10.0.0.1"):
    assert rating_code_send(activity=meeting, phone=phone, address=address)
    return sms.code(phone)


# --- The officer's steps --------------------------------------------------------------------------------


def test_an_invited_deputy_reports_and_a_correction_replaces_the_text(point, officer_user, deputy_record):
    meeting = report_meeting(station=point, organiser=officer_user, deputies=[])
    Invitation.objects.create(activity=meeting, deputy=deputy_record)
    voter_report_save(activity=meeting, deputy=deputy_record, text="初稿", actor=officer_user)
    report = voter_report_save(activity=meeting, deputy=deputy_record, text="定稿", actor=officer_user)
    assert meeting.voter_reports.get().text == "定稿" == report.text
    assert meeting.events.filter(kind=ActivityEvent.Kind.REPORT_RECORDED).count() == 2


def test_only_an_invited_deputy_reports_and_only_at_a_report_meeting(point, officer_user, deputy_record):
    meeting = report_meeting(station=point, organiser=officer_user, deputies=[])
    with pytest.raises(ActionRefused):
        voter_report_save(activity=meeting, deputy=deputy_record, text="报告", actor=officer_user)
    training = ActivityFactory(station=point, organiser=officer_user)
    Invitation.objects.create(activity=training, deputy=deputy_record)
    with pytest.raises(ActionRefused):
        voter_report_save(activity=training, deputy=deputy_record, text="报告", actor=officer_user)


def test_paper_tallies_and_phones_add_up_to_the_satisfaction_rate(meeting, officer_user, sms, deputy_record):
    report = meeting.voter_reports.get(deputy=deputy_record)
    paper_tally_record(report=report, satisfied=6, basically=2, unsatisfied=1, actor=officer_user)
    code = confirmed(meeting, sms)
    marks = rate_all(meeting, Rating.UNSATISFIED)
    rating_submit(activity=meeting, phone=VOTER, code=code, marks=marks, comment="希望多来社区")
    result = next(row for row in reports_of(meeting) if row.deputy_id == deputy_record.pk)
    assert (result.satisfied, result.basically, result.unsatisfied, result.rated) == (6, 2, 2, 10)
    assert result.satisfaction_rate == 80
    other = next(row for row in reports_of(meeting) if row.deputy_id != deputy_record.pk)
    assert other.rated == 1 and other.satisfaction_rate == 0


def test_a_tally_waits_for_the_meeting(point, officer_user, deputy_record):
    meeting = report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], started=-timedelta(days=2)
    )
    with pytest.raises(ActionRefused):
        paper_tally_record(
            report=meeting.voter_reports.get(), satisfied=1, basically=0, unsatisfied=0, actor=officer_user
        )


# --- The voter's steps ----------------------------------------------------------------------------------


def test_one_rating_per_phone_the_second_refused_in_chinese(meeting, sms):
    code = confirmed(meeting, sms)
    assert "述职" in sms.last(VOTER).text
    rating_submit(activity=meeting, phone=VOTER, code=code, marks=rate_all(meeting, Rating.SATISFIED))
    with override("zh-hans"), pytest.raises(ActionRefused) as refused:
        rating_code_send(activity=meeting, phone=VOTER, address="10.0.0.2")
    assert "该手机号已对本次述职作出测评" in str(refused.value.messages[0])
    assert RatingBallot.objects.filter(activity=meeting).count() == 1
    # The number is kept as a digest only.
    assert VOTER not in RatingBallot.objects.get().phone_digest


def test_a_code_works_once_and_only_for_its_meeting(meeting, sms, point, officer_user, deputy_record):
    row, code = code_issue(RatingCode, purpose="rating_code", phone=VOTER, address=None, activity=meeting)
    rows = RatingCode.objects.filter(activity=meeting)
    assert code_use(rows, purpose="rating_code", phone=VOTER, code=code) == row
    assert code_use(rows, purpose="rating_code", phone=VOTER, code=code) is None
    other = report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], title="另一场述职"
    )
    _row, code = code_issue(
        RatingCode, purpose="rating_code", phone=OTHER_VOTER, address=None, activity=meeting
    )
    with pytest.raises(ActionRefused):
        rating_submit(activity=other, phone=OTHER_VOTER, code=code, marks=rate_all(other, Rating.SATISFIED))


def test_an_expired_code_is_refused(meeting, sms):
    code = confirmed(meeting, sms)
    RatingCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ActionRefused):
        rating_submit(activity=meeting, phone=VOTER, code=code, marks=rate_all(meeting, Rating.SATISFIED))
    assert not RatingBallot.objects.exists()


def test_wrong_codes_count_even_though_the_rating_is_refused(meeting, sms, settings):
    code = confirmed(meeting, sms)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for _try in range(settings.LOGIN_CODE_MAX_TRIES):
        with pytest.raises(ActionRefused):
            rating_submit(
                activity=meeting, phone=VOTER, code=wrong, marks=rate_all(meeting, Rating.SATISFIED)
            )
    assert RatingCode.objects.get().failed_attempts == settings.LOGIN_CODE_MAX_TRIES
    with pytest.raises(ActionRefused):  # the right code, too late
        rating_submit(activity=meeting, phone=VOTER, code=code, marks=rate_all(meeting, Rating.SATISFIED))


def test_codes_are_throttled_per_phone_and_per_address(meeting, sms, settings):
    settings.LOGIN_CODE_PER_ADDRESS = [(2, 3600)]
    confirmed(meeting, sms, address="10.0.0.1")
    with pytest.raises(ActionRefused, match="获取验证码过于频繁"):
        rating_code_send(activity=meeting, phone=VOTER, address="10.0.0.9")
    confirmed(meeting, sms, phone=OTHER_VOTER, address="10.0.0.1")
    with pytest.raises(ActionRefused, match="获取验证码过于频繁"):
        rating_code_send(activity=meeting, phone="+8613700009999", address="10.0.0.1")
    # A refused request leaves no row to count.
    assert RatingCode.objects.count() == 2


def test_every_deputy_who_reported_is_rated(meeting, sms, deputy_record):
    code = confirmed(meeting, sms)
    marks = {meeting.voter_reports.get(deputy=deputy_record): Rating.SATISFIED}
    with pytest.raises(ActionRefused):
        rating_submit(activity=meeting, phone=VOTER, code=code, marks=marks)


def test_the_window_opens_at_the_meeting_and_closes_after_the_days_set(
    point, officer_user, deputy_record, settings
):
    settings.REPORT_RATING_DAYS = 3
    coming = report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], started=-timedelta(hours=1)
    )
    assert not rating_is_open(coming)
    assert rating_is_open(coming, now=coming.starts_at + timedelta(days=2))
    assert not rating_is_open(coming, now=coming.starts_at + timedelta(days=3))
    with pytest.raises(ActionRefused):
        rating_code_send(activity=coming, phone=VOTER, address=None)
    unpublished = report_meeting(station=point, organiser=officer_user, deputies=[], published=False)
    assert not rating_is_open(unpublished)


def test_the_public_list_holds_published_reports_only(meeting, point, officer_user, deputy_record):
    report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], published=False, title="草稿"
    )
    cancelled = report_meeting(
        station=point, organiser=officer_user, deputies=[deputy_record], title="取消的"
    )
    Activity.objects.filter(pk=cancelled.pk).update(status=Activity.Status.CANCELLED)
    rows = published_reports(places=[point], limit=10)
    assert {row.activity_id for row in rows} == {meeting.pk}
    assert all(row.rating_open for row in rows)


# --- Through the pages ----------------------------------------------------------------------------------


def rate_url(meeting):
    return reverse("activities:rate", args=[meeting.pk])


def posted(meeting, action, phone="137 0000 1234", code="", rating=Rating.SATISFIED):
    data = {"phone": phone, "code": code, "action": action, "comment": "讲得实在"}
    data.update({f"report_{report.pk}": rating for report in meeting.voter_reports.all()})
    return data


def test_a_voter_rates_from_the_qr_page_with_a_code_by_sms(anonymous, meeting, sms):
    page = anonymous.get(rate_url(meeting))
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert "陈建国的述职报告" in page.content.decode()
    sent = anonymous.post(rate_url(meeting), posted(meeting, "send"), REMOTE_ADDR="10.0.0.3")
    assert sent.status_code == 200
    # The ratings chosen before asking for the code stay chosen.
    assert len(re.findall(r'value="satisfied"[^>]*checked', sent.content.decode())) == 2
    code = sms.code(VOTER)
    done = anonymous.post(rate_url(meeting), posted(meeting, "rate", code=code), REMOTE_ADDR="10.0.0.3")
    assert done.status_code == 200 and "rate_thanks" in [t.name.split("/")[-1][:-5] for t in done.templates]
    ballot = RatingBallot.objects.get()
    assert ballot.comment == "讲得实在" and ballot.marks.count() == 2
    again = anonymous.post(rate_url(meeting), posted(meeting, "send"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert again.status_code == 200
    assert "每个手机号只能测评一次" in again.content.decode()


def test_the_page_keeps_the_input_and_says_what_is_missing(anonymous, meeting, sms):
    response = anonymous.post(rate_url(meeting), {"phone": "12345", "action": "rate"})
    assert response.status_code == 200
    form = response.context["form"]
    assert {"phone", "code"} <= set(form.errors)
    assert all(f"report_{report.pk}" in form.errors for report in meeting.voter_reports.all())
    assert not sms.messages()


def test_an_unpublished_meeting_has_no_rating_page(anonymous, point, officer_user, deputy_record):
    meeting = report_meeting(station=point, organiser=officer_user, deputies=[deputy_record], published=False)
    assert anonymous.get(rate_url(meeting)).status_code == 404


def test_the_board_publishes_the_text_and_a_link_to_rate_it(anonymous, meeting, station, point):
    response = anonymous.get(reverse("home:station_public", args=[point.pk]))
    page = response.content.decode()
    assert "陈建国的述职报告" in page and rate_url(meeting) in page
    # Publicly cached: the reports hold links only, no form (the rating page is never cached).
    assert page.count("csrfmiddlewaretoken") == 1  # the language switch's, as on every public page
    assert "public" in response["Cache-Control"]


def test_the_officer_records_texts_tallies_and_prints_the_notice(officer, meeting, deputy_record):
    url = reverse("activities:report_edit", args=[meeting.pk])
    response = officer.post(url, {"deputy": deputy_record.pk, "text": "修改后的述职报告"})
    assert response.status_code == 302
    assert meeting.voter_reports.get(deputy=deputy_record).text == "修改后的述职报告"
    report = meeting.voter_reports.get(deputy=deputy_record)
    tally = reverse("activities:report_tally", args=[report.pk])
    assert officer.post(tally, {"satisfied": 5, "basically": 0, "unsatisfied": -1}).status_code == 200
    assert officer.post(tally, {"satisfied": 5, "basically": 3, "unsatisfied": 2}).status_code == 302
    detail = officer.get(meeting.get_absolute_url()).content.decode()
    assert "80.0%" in detail
    notice = officer.get(reverse("activities:report_notice", args=[meeting.pk])).content.decode()
    assert "data:image/svg+xml;base64," in notice and "陈建国" in notice


def test_yesterdays_codes_are_purged(meeting, sms):
    confirmed(meeting, sms)
    old, _code = code_issue(
        RatingCode, purpose="rating_code", phone=OTHER_VOTER, address=None, activity=meeting
    )
    RatingCode.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert purge_rating_codes() == 1
    assert RatingCode.objects.count() == 1


# The meeting's page for its officer, the same at 2 and 12 reports: the reports with their counts are one
# query, the voters' comments another.
DETAIL_QUERIES = 11


@pytest.mark.parametrize("count", [2, 12])
def test_the_rating_page_and_the_meeting_page_cost_the_same_whatever_the_reports(
    anonymous, officer, point, officer_user, count, django_assert_num_queries
):
    deputies = [DeputyFactory(name=f"代表{number}") for number in range(count)]
    meeting = report_meeting(station=point, organiser=officer_user, deputies=deputies)
    with django_assert_num_queries(2):  # the meeting, its reports with their counts
        assert anonymous.get(rate_url(meeting)).status_code == 200
    officer.get(meeting.get_absolute_url())  # what the process caches on a first visit (policies, types)
    with django_assert_num_queries(DETAIL_QUERIES):
        detail = officer.get(meeting.get_absolute_url())
    assert detail.status_code == 200 and all(deputy.name in detail.content.decode() for deputy in deputies)
