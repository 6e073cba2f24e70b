"""The monthly consultation through the browser's requests: the officer opens the meeting, records who came,
applies the decisions, writes the minutes and prints it; the deputy who attended reads it; the page's
queries do not grow with the agenda."""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.archive import archive_build, archive_period
from liaison.activities.models import Invitation
from suggestions.models import Consultation
from tests.books import needs_pdf_engine, pdf_text
from tests.suggestions.consultations import meeting
from tests.voters.factories import OpinionFactory
from voters.models import Opinion, Route
from voters.services.steps import opinion_triage

pytestmark = pytest.mark.django_db


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_the_officer_runs_the_meeting_end_to_end(officer, officer_user, station, deputy_record, deputy):
    opinions = [OpinionFactory(station=station, content=f"第{n}件：桂花路路灯不亮。") for n in range(3)]
    starts = timezone.now() - timedelta(hours=1)
    form = officer.get("/suggestions/consultations/new/")
    assert form.status_code == 200
    response = officer.post(
        "/suggestions/consultations/new/",
        {
            "station": station.pk,
            "month": timezone.localdate().strftime("%Y-%m"),
            "starts_at": _moment(starts),
            "ends_at": _moment(starts + timedelta(hours=2)),
            "place": "议事厅",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == consultation.get_absolute_url()
    page = officer.get(response.url).content.decode()
    assert all(opinion.tracking_code in page for opinion in opinions)

    invitation = consultation.activity.invitations.get()
    response = officer.post(
        f"/activities/{consultation.activity.pk}/attendance/", {f"invitation_{invitation.pk}": "present"}
    )
    assert response.status_code == 302

    # One opinion is routed on its own page meanwhile: the meeting says so and applies the other two.
    opinion_triage(opinion=opinions[0], route=Route.STREET_OFFICE, actor=officer_user)
    decide = f"/suggestions/consultations/{consultation.pk}/decide/"
    assert officer.get(decide).status_code == 200
    items = {item.opinion_id: item.pk for item in consultation.items.all()}
    data = {}
    for opinion in opinions:
        data[f"item-{items[opinion.pk]}-route"] = Route.STATION
        data[f"item-{items[opinion.pk]}-partner"] = "桂花社区居委会"
    data[f"item-{items[opinions[2].pk]}-route"] = Route.HIGHER_LEVEL
    data[f"item-{items[opinions[2].pk]}-level"] = "city"
    data[f"item-{items[opinions[2].pk]}-lead_deputy"] = deputy_record.pk
    response = officer.post(decide, data, follow=True)
    page = response.content.decode()
    assert opinions[0].tracking_code in page  # named as routed elsewhere meanwhile
    assert next(str(m) for m in response.context["messages"]) == "已执行 2 项会商决定。"
    assert Opinion.objects.get(pk=opinions[1].pk).route == Route.STATION
    assert Opinion.objects.get(pk=opinions[2].pk).route == Route.HIGHER_LEVEL
    assert Opinion.objects.get(pk=opinions[0].pk).route == Route.STREET_OFFICE

    response = officer.post(
        f"/suggestions/consultations/{consultation.pk}/minutes/",
        {"minutes": "会议由站长主持，议定路灯维修。"},
    )
    assert response.status_code == 302
    printed = officer.get(f"/suggestions/consultations/{consultation.pk}/print/").content.decode()
    assert "会议由站长主持" in printed and deputy_record.name in printed

    # The deputy who attended reads it, and finds it in the duty archive.
    assert deputy.get(consultation.get_absolute_url()).status_code == 200
    assert consultation.pk in [c.pk for c in deputy.get("/suggestions/consultations/").context["page"]]
    archive = archive_build(deputy_record, *archive_period(deputy_record))
    assert [c.pk for c in archive.consultations] == [consultation.pk]


def test_a_wrong_decision_keeps_the_form_and_says_which(officer, officer_user, station):
    consultation = meeting(station, officer_user, opinions=1)
    item = consultation.items.get()
    response = officer.post(
        f"/suggestions/consultations/{consultation.pk}/decide/",
        {f"item-{item.pk}-route": Route.HIGHER_LEVEL, f"item-{item.pk}-partner": "区人大代表"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{item.opinion.tracking_code}：请选择承接层级" in page
    assert 'value="区人大代表"' in page  # what was typed stays
    assert Opinion.objects.get(pk=item.opinion_id).status == Opinion.Status.RECEIVED


def test_a_second_meeting_of_the_month_is_refused(officer, officer_user, station):
    meeting(station, officer_user, opinions=0)
    now = timezone.now()
    response = officer.post(
        "/suggestions/consultations/new/",
        {
            "station": station.pk,
            "month": timezone.localdate().strftime("%Y-%m"),
            "starts_at": _moment(now),
            "ends_at": _moment(now + timedelta(hours=1)),
            "place": "议事厅",
        },
        follow=True,
    )
    assert "已安排" in response.content.decode()
    assert Consultation.objects.count() == 1


def test_a_deputy_absent_does_not_see_it(deputy, officer_user, station, deputy_record):
    consultation = meeting(station, officer_user, opinions=0)
    consultation.activity.invitations.update(attendance=Invitation.Attendance.ABSENT)
    assert deputy.get(consultation.get_absolute_url()).status_code == 404


@needs_pdf_engine
def test_the_meeting_as_a_pdf(officer, officer_user, station, deputy_record):
    consultation = meeting(station, officer_user, opinions=1)
    text = pdf_text(officer.get(f"/suggestions/consultations/{consultation.pk}/pdf/"))
    assert consultation.items.get().opinion.tracking_code in text


@pytest.mark.parametrize("rows", [2, 20])
def test_the_meeting_page_query_count_does_not_grow(
    officer, officer_user, station, deputy_record, rows, django_assert_num_queries
):
    consultation = meeting(station, officer_user, opinions=rows)
    consultation.activity.invitations.update(attendance=Invitation.Attendance.PRESENT)
    # session, user, the meeting, whether the user runs it, the agenda, the deputies, last month's
    # suggestions and their figures, the timeline: the same with 2 opinions on the agenda or 20.
    with django_assert_num_queries(9):
        response = officer.get(consultation.get_absolute_url())
    assert response.status_code == 200
