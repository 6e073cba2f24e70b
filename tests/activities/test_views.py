"""The pages of the daily work, driven as the officer and the deputy would."""

import io
from datetime import time, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as T
from PIL import Image

from assessments.periods import quarter_of, quarter_period
from assessments.report_figures import scope_for, summary
from liaison.activities.models import (
    Activity,
    ActivityPhoto,
    CalendarFeed,
    CongressSession,
    Invitation,
    ReceptionPlan,
)
from liaison.activities.services import activity_publish
from liaison.notifications.models import Delivery, Notification, ReminderRule
from liaison.notifications.selectors import notifications_about
from tests.activities.factories import ActivityFactory, VisitFactory
from tests.deputies.factories import DeputyFactory
from tests.liaison.factories import StationingFactory

pytestmark = pytest.mark.django_db


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def _activities(station, officer_user, count, start):
    for number in range(count):
        activity = ActivityFactory(
            station=station,
            organiser=officer_user,
            starts_at=start + timedelta(hours=number),
            ends_at=start + timedelta(hours=number, minutes=90),
        )
        Invitation.objects.create(activity=activity, deputy=DeputyFactory())


@pytest.mark.parametrize("count", [2, 20])
def test_calendar_and_list_queries_do_not_grow(
    officer, station, officer_user, count, django_assert_num_queries
):
    start = timezone.localtime().replace(day=10, hour=9, minute=0)
    _activities(station, officer_user, count, start)
    month = timezone.localtime(start).strftime("%Y-%m")
    with django_assert_num_queries(3):  # session, user, the month's activities with their counts
        response = officer.get(reverse("activities:calendar"), {"month": month})
    assert response.status_code == 200
    assert response.content.decode().count('href="/activities/') >= count
    with django_assert_num_queries(5):  # session, user, count, the page with its counts, the book's stations
        response = officer.get(reverse("activities:list"))
    assert len(response.context["page"]) == count


@pytest.mark.parametrize("count", [2, 20])
def test_visits_list_queries_do_not_grow(
    officer, point, officer_user, deputy_record, count, django_assert_num_queries
):
    for _number in range(count):
        VisitFactory(station=point, officer=officer_user).deputies.add(deputy_record)
    with django_assert_num_queries(6):  # ..., and the stations of the receptions book's form
        response = officer.get(reverse("activities:visits"))
    assert len(response.context["page"]) == count


def test_officer_generates_a_plan_and_publishes_a_day(
    officer, station, officer_user, deputy_user, deputy_record
):
    for number in range(4):
        StationingFactory(deputy=DeputyFactory(name=f"代表{number}"), station=station)
    response = officer.post(
        reverse("activities:plan_create"),
        {
            "station": station.pk,
            "year": timezone.localdate().year + 1,
            "rule": "nth_weekday",
            "weekday": 5,
            "nths": "2,4",
            "start_time": "09:00",
            "end_time": "11:30",
            "place": "一楼接待室",
            "deputies_per_day": 1,
        },
    )
    plan = ReceptionPlan.objects.get()
    assert response.status_code == 302
    officer.post(reverse("activities:plan_generate", args=[plan.pk]))
    assert plan.activities.count() == 24
    page = officer.get(reverse("activities:plan_detail", args=[plan.pk]))
    assert page.status_code == 200
    day = plan.activities.order_by("starts_at").first()
    officer.post(reverse("activities:publish", args=[day.pk]))
    day.refresh_from_db()
    assert day.status == Activity.Status.PUBLISHED
    notice = officer.get(reverse("activities:notice_print", args=[day.pk])).content.decode()
    assert "一楼接待室" in notice and str(officer_user) in notice
    board = officer.get(reverse("activities:board", args=[station.pk])).content.decode()
    assert reverse("activities:notice", args=[day.pk]) in board


def test_unpublished_days_have_no_public_notice(anonymous, activity):
    Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.RECEPTION)
    assert anonymous.get(reverse("activities:notice", args=[activity.pk])).status_code == 404


def test_deputy_replies_and_officer_sees_it(deputy, officer, activity, invitation, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    mine = deputy.get(reverse("activities:mine")).content.decode()
    assert activity.title in mine
    response = deputy.post(
        reverse("activities:reply", args=[invitation.pk]), {"reply": "leave", "reason": "外地出差"}
    )
    assert response.status_code == 302
    page = officer.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "外地出差" in page


def test_attendance_and_summary_with_photos(officer, activity, invitation, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    officer.post(
        reverse("activities:attendance", args=[activity.pk]), {f"invitation_{invitation.pk}": "absent"}
    )
    invitation.refresh_from_db()
    assert invitation.attendance == Invitation.Attendance.ABSENT
    fake = SimpleUploadedFile("evil.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = officer.post(
        reverse("activities:summary", args=[activity.pk]), {"summary": "总结", "photos": [fake]}
    )
    assert response.status_code == 200 and not ActivityPhoto.objects.exists()
    response = officer.post(
        reverse("activities:summary", args=[activity.pk]), {"summary": "总结", "photos": [_png(), _png()]}
    )
    assert response.status_code == 302
    assert ActivityPhoto.objects.filter(activity=activity).count() == 2


def test_feed_is_valid_icalendar_for_the_deputy_only(deputy, anonymous, activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    other = ActivityFactory(
        station=activity.station, organiser=officer_user, status=Activity.Status.PUBLISHED
    )
    deputy.post(reverse("activities:feed_reset"))
    feed = CalendarFeed.objects.get()
    body = anonymous.get(reverse("activities:feed", args=[feed.token])).content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert f"UID:activity-{activity.pk}@" in body and f"activity-{other.pk}@" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    old = feed.token
    deputy.post(reverse("activities:feed_reset"))
    assert anonymous.get(reverse("activities:feed", args=[old])).status_code == 404


def test_staff_edit_rules_and_set_the_session(committee_staff, deputy_user):
    committee_staff.get(reverse("activities:rules"))
    rule = ReminderRule.objects.get(kind="activity_upcoming")
    bad = committee_staff.post(
        reverse("activities:rule_edit", args=[rule.pk]),
        {"enabled": "on", "offsets": "7,x", "subject_template": "{% if %}", "body_template": ""},
    )
    assert bad.status_code == 200
    committee_staff.post(
        reverse("activities:rule_edit", args=[rule.pk]),
        {"offsets": "3", "subject_template": "还有{{ days }}天：{{ activity.title }}", "body_template": ""},
    )
    rule.refresh_from_db()
    assert not rule.enabled and rule.offset_days == [3]
    opens = timezone.localdate() + timedelta(days=45)
    committee_staff.post(
        reverse("activities:session_create"), {"name": "第六次会议", "starts_on": opens.isoformat()}
    )
    assert CongressSession.objects.get().starts_on == opens
    assert Notification.objects.filter(kind="session_prepare", recipient__user=deputy_user).exists()


def test_failed_reminders_are_visible_and_can_be_resent(officer, activity, officer_user, deputy_user):
    activity_publish(activity=activity, actor=officer_user)
    delivery = Delivery.objects.filter(notification__in=notifications_about(activity)).first()
    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.FAILED, last_error="gateway down")
    page = officer.get(reverse("activities:reminders"), {"status": "failed"}).content.decode()
    assert "gateway down" in page
    officer.post(reverse("activities:reminder_retry", args=[delivery.pk]))
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.PENDING


def test_plan_form_checks_the_rule(officer, station):
    response = officer.post(
        reverse("activities:plan_create"),
        {
            "station": station.pk,
            "year": 2027,
            "rule": "nth_weekday",
            "start_time": "09:00",
            "end_time": "08:00",
            "place": "x",
            "deputies_per_day": 1,
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"weekday", "nths", "end_time"} <= set(errors)
    assert not ReceptionPlan.objects.exists()
    assert time(9)  # the form takes HH:MM


def test_home_lists_the_work_waiting(officer, deputy, activity, officer_user):
    Activity.objects.filter(pk=activity.pk).update(kind=Activity.Kind.RECEPTION)
    assert officer.get(reverse("home:home")).context["todo"]["to_publish"] == 1
    activity_publish(activity=activity, actor=officer_user)
    assert deputy.get(reverse("home:home")).context["todo"]["to_reply"] == 1


def test_edit_moves_the_time_and_cancel_tells_everyone(officer, activity, officer_user, deputy_record):
    activity_publish(activity=activity, actor=officer_user)
    later = timezone.localtime(activity.starts_at + timedelta(days=3))
    response = officer.post(
        reverse("activities:edit", args=[activity.pk]),
        {
            "kind": activity.kind,
            "title": activity.title,
            "station": activity.station_id,
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (later + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "新地点",
            "description": "",
            "deputies": [deputy_record.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity.refresh_from_db()
    assert activity.place == "新地点"
    assert Notification.objects.filter(kind="activity_changed").count() == 1
    officer.post(reverse("activities:cancel", args=[activity.pk]), {"reason": "场地维修"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED
    assert Notification.objects.filter(kind="activity_cancelled").count() == 1


def test_create_activity_with_invitations(officer, station, deputy_record):
    start = timezone.localtime() + timedelta(days=20)
    response = officer.post(
        reverse("activities:create"),
        {
            "kind": "training",
            "title": "代表培训",
            "station": station.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "议事厅",
            "deputies": [deputy_record.pk],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    activity = Activity.objects.get(title="代表培训")
    assert list(activity.invitations.values_list("deputy", flat=True)) == [deputy_record.pk]
    assert activity.status == Activity.Status.PLANNED


def test_a_refused_step_through_a_real_page(officer, activity):
    Activity.objects.filter(pk=activity.pk).update(status=Activity.Status.CANCELLED)
    url = reverse("activities:publish", args=[activity.pk])
    page = officer.post(url)
    assert page.status_code == 302 and page["Location"] == activity.get_absolute_url()
    assert officer.post(url, headers={"HX-Request": "true"}).status_code == 409
    answer = officer.post(url, headers={"Accept": "application/json"})
    assert answer.status_code == 409 and answer.json()["refused"]
    activity.refresh_from_db()
    assert activity.status == Activity.Status.CANCELLED


def test_a_reception_day_of_january_is_recorded_in_march(officer, station, deputy_record):
    """补录 through the pages: created in the past, offered attendance instead of publishing, counted."""
    start = timezone.localtime() - timedelta(days=50)
    response = officer.post(
        reverse("activities:create"),
        {
            "kind": "reception",
            "title": "一月代表接待日",
            "station": station.pk,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "place": "接待室",
            "deputies": [deputy_record.pk],
        },
    )
    activity = Activity.objects.get(title="一月代表接待日")
    page = officer.get(response["Location"]).content.decode()
    assert reverse("activities:publish", args=[activity.pk]) not in page
    assert reverse("activities:attendance", args=[activity.pk]) in page
    invitation = activity.invitations.get()
    officer.post(
        reverse("activities:attendance", args=[activity.pk]), {f"invitation_{invitation.pk}": "present"}
    )
    officer.post(reverse("activities:summary", args=[activity.pk]), {"summary": "接待群众6人"})
    activity.refresh_from_db()
    assert activity.status == Activity.Status.DONE and activity.recorded_later
    assert not notifications_about(activity).exists()
    day = timezone.localdate(activity.starts_at)
    period = quarter_period(day.year, quarter_of(day))
    _rows, totals = summary(period, scope_for(None))
    assert totals["reception_days"] == 1 and totals["deputies_attending"] == 1


def test_only_an_activity_still_to_publish_promises_reminders(officer, activity, invitation, officer_user):
    promise = T("Reminders are planned when the activity is published.")
    assert promise in officer.get(activity.get_absolute_url()).content.decode()
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    officer.post(
        reverse("activities:attendance", args=[activity.pk]), {f"invitation_{invitation.pk}": "present"}
    )
    page = officer.get(activity.get_absolute_url()).content.decode()
    assert promise not in page and T("No reminders were sent for this activity.") in page
