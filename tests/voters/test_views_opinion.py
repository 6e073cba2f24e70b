"""One opinion (voters/views/opinion.py): its steps through their forms, its files, its page's queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from tests.voters.factories import OpinionFactory, VoterFactory
from tests.voters.test_uploads import png_bytes
from voters.models import Category, Opinion, OpinionEvent
from voters.services.steps import attachment_add, opinion_merge

pytestmark = pytest.mark.django_db


def test_officer_logs_triages_and_answers_an_opinion(officer, station, deputy_record):
    response = officer.post(
        "/opinions/new/",
        {
            "station": station.pk,
            "channel": "reception",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "deputy": deputy_record.pk,
            "content": "丹桂社区老旧小区加装电梯进展缓慢",
            "category": Category.objects.get(name="城市更新").pk,
            "voter_name": "刘大爷",
            "voter_phone": "13912340000",
            "voter_consent": "on",
        },
    )
    opinion = Opinion.objects.get()
    assert response["Location"] == opinion.get_absolute_url()
    assert opinion.voter.name == "刘大爷" and opinion.deputy == deputy_record

    assert (
        officer.post(
            f"/opinions/{opinion.pk}/triage/", {"route": "station", "partner": "丹桂社区居委会"}
        ).status_code
        == 302
    )
    assert officer.post(f"/opinions/{opinion.pk}/start/", {}).status_code == 302
    assert officer.post(f"/opinions/{opinion.pk}/resolve/", {"reply": "已协调加装电梯"}).status_code == 302
    response = officer.post(
        f"/opinions/{opinion.pk}/return-visit/",
        {
            "voter": opinion.voter_id,
            "method": "phone",
            "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "satisfaction": "satisfied",
            "note": "很满意",
        },
    )
    assert response.status_code == 302
    assert officer.post(f"/opinions/{opinion.pk}/close/", {}).status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.CLOSED
    assert opinion.events.count() == 6
    page = officer.get(opinion.get_absolute_url()).content.decode()
    assert "很满意" in page


def test_triage_form_shows_service_errors(officer, opinion):
    response = officer.post(f"/opinions/{opinion.pk}/triage/", {"route": "not_accepted"})
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.RECEIVED


def test_merge_by_tracking_code(officer, station, opinion):
    duplicate = OpinionFactory(station=station, voter=VoterFactory(station=station))
    response = officer.post(f"/opinions/{duplicate.pk}/merge/", {"into": opinion.tracking_code.lower()})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == opinion


def test_merge_into_another_stations_opinion_is_refused(officer, opinion, other_opinion):
    response = officer.post(f"/opinions/{opinion.pk}/merge/", {"into": other_opinion.tracking_code})
    assert response.status_code == 200
    opinion.refresh_from_db()
    assert opinion.merged_into is None


def test_a_step_out_of_order_redirects_with_a_message(officer, opinion):
    response = officer.get(f"/opinions/{opinion.pk}/close/")
    assert response.status_code == 302


def test_attachment_is_served_only_within_scope(officer, other_officer, opinion, officer_user):
    attachment = attachment_add(
        opinion=opinion, upload=SimpleUploadedFile("a.png", png_bytes()), actor=officer_user
    )
    response = officer.get(f"/opinions/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert other_officer.get(f"/opinions/attachments/{attachment.pk}/").status_code == 404
    assert opinion.events.filter(kind=OpinionEvent.Kind.ATTACHED).exists()


@pytest.mark.parametrize("rows", [2, 20])
def test_detail_query_count_does_not_grow(
    officer, station, opinion, officer_user, rows, django_assert_num_queries
):
    for _ in range(rows):
        duplicate = OpinionFactory(station=station, voter=VoterFactory(station=station))
        opinion_merge(duplicate=duplicate, into=opinion, actor=officer_user)
    # PostgreSQL adds three statements: the similar-opinion hint sets pg_trgm's threshold for its query in a
    # transaction of its own (a savepoint inside the test's transaction, and its release). One is the mediating
    # deputies (voters.selectors.opinion_get), read whatever the route; one the officer's station ids
    # (liaison.selectors.station_ids_visible_to).
    with django_assert_num_queries(13 + 3 * (connection.vendor == "postgresql")):
        response = officer.get(opinion.get_absolute_url())
    assert response.status_code == 200


def _seen(page):
    return page.context["form"]["seen"].value()


def test_the_second_of_two_officers_triaging_at_once_is_told(officer, committee_staff, staff_user, opinion):
    triage = f"/opinions/{opinion.pk}/triage/"
    mine, theirs = _seen(officer.get(triage)), _seen(committee_staff.get(triage))
    assert committee_staff.post(triage, {"route": "street_office", "seen": theirs}).status_code == 302
    late = officer.post(triage, {"route": "station", "partner": "桂花社区居委会", "seen": mine})
    assert late.status_code == 200
    page = late.content.decode()
    assert str(staff_user) in page and "您的分流未保存" in page
    assert "桂花社区居委会" in page  # what was typed is shown again
    opinion.refresh_from_db()
    assert opinion.route == "street_office"  # nothing overwritten
    assert opinion.events.filter(kind=OpinionEvent.Kind.TRIAGED).count() == 1
    # Having read it, the officer may still re-route it: the form now carries the current version.
    again = officer.post(triage, {"route": "station", "partner": "桂花社区居委会", "seen": _seen(late)})
    assert again.status_code == 302
    opinion.refresh_from_db()
    assert opinion.route == "station"
