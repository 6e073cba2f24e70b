"""Activities, visits, appointments, notices and the outbox by the staff member's jurisdiction (issue 15):
staff of a street list, export and write to their street only; a district's staff see both streets."""

import io
from datetime import time

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from liaison.activities.models import Activity, Notice, ReceptionPlan
from liaison.activities.notices import notice_create
from liaison.activities.recipients import deputy_recipients
from liaison.activities.selectors import activities_visible_to, notices_visible_to
from liaison.core.errors import ActionRefused
from liaison.notifications.services import notification_schedule
from tests.activities.factories import ActivityFactory, AppointmentFactory, VisitFactory, sent_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(station, other_station, officer_user, other_officer_user):
    """One training at each street's station."""
    return (
        ActivityFactory(station=station, organiser=officer_user, title="东湖培训"),
        ActivityFactory(station=other_station, organiser=other_officer_user, title="西湖培训"),
    )


def _titles(response):
    return {activity.title for activity in response.context["page"]}


def test_street_staff_list_their_streets_activities_and_a_district_both(
    both, street_staff, district_staff, other_district_staff
):
    url = reverse("activities:list")
    assert _titles(street_staff.get(url)) == {"东湖培训"}
    assert _titles(district_staff.get(url)) == {"东湖培训", "西湖培训"}
    assert _titles(other_district_staff.get(url)) == set()
    assert street_staff.get(reverse("activities:detail", args=[both[1].pk])).status_code == 404
    assert district_staff.get(reverse("activities:detail", args=[both[1].pk])).status_code == 200


def test_the_activities_book_holds_the_streets_activities_only(both, street_staff):
    day = timezone.localdate(both[0].starts_at).isoformat()
    response = street_staff.get(reverse("activities:activity_book_export"), {"start": day, "end": day})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].iter_rows(values_only=True))
    titles = {row[2] for row in rows[1:]}
    assert titles == {"东湖培训"}


def test_visits_appointments_and_plans_follow_the_street(
    street_staff, district_staff, station, other_station, deputy_record, other_deputy_record
):
    VisitFactory(station=station, summary="东湖来访")
    foreign = VisitFactory(station=other_station, summary="西湖来访")
    AppointmentFactory(station=station, deputy=deputy_record)
    AppointmentFactory(station=other_station, deputy=other_deputy_record, voter_name="钱大妈")
    for place in (station, other_station):
        ReceptionPlan.objects.create(
            station=place, year=2027, month_day=15, start_time=time(9), end_time=time(11), place="接待室"
        )
    visits = street_staff.get(reverse("activities:visits")).context["page"]
    assert [visit.summary for visit in visits] == ["东湖来访"]
    assert len(district_staff.get(reverse("activities:visits")).context["page"]) == 2
    assert street_staff.get(reverse("activities:visit_detail", args=[foreign.pk])).status_code == 404
    appointments = street_staff.get(reverse("activities:appointments")).context["page"]
    assert [appointment.voter_name for appointment in appointments] == ["赵大爷"]
    assert [plan.station for plan in street_staff.get(reverse("activities:plans")).context["plans"]] == [
        station
    ]


def test_street_staff_see_the_notices_to_their_street_and_those_of_its_staff(
    street_staff_user,
    other_street_staff_user,
    district_staff_user,
    staff_user,
    station,
    other_station,
    deputy_record,
    other_deputy_record,
):
    own = sent_notice(author=street_staff_user, station=station, title="东湖通知")
    foreign = sent_notice(author=other_street_staff_user, station=other_station, title="西湖通知")
    from_district = sent_notice(author=district_staff_user, station=station, title="区里给东湖的通知")
    everyone = sent_notice(author=staff_user, station=None, title="全体代表通知")
    assert set(notices_visible_to(street_staff_user)) == {own, from_district}
    assert set(notices_visible_to(district_staff_user)) == {own, foreign, from_district}
    assert set(notices_visible_to(staff_user)) == {own, foreign, from_district, everyone}


def test_the_other_streets_notice_is_not_found(
    street_staff, other_officer_user, other_station, other_deputy_record
):
    notice = sent_notice(author=other_officer_user, station=other_station)
    assert street_staff.get(reverse("activities:notice_detail", args=[notice.pk])).status_code == 404
    assert not street_staff.get(reverse("activities:notices")).context["page"].object_list


def test_street_staff_write_only_to_their_stations(
    street_staff, street_staff_user, station, point, other_station, deputy_record, other_deputy_record
):
    form = street_staff.get(reverse("activities:notice_create")).context["form"]
    assert set(form.fields["station"].queryset) == {station, point}
    assert form.fields["station"].required
    fields = {"title": "通知", "body": "请提交建议。", "audience": Notice.Audience.EVERYONE}
    for place in (other_station, None):
        with pytest.raises(ActionRefused, match="只能向本辖区联络站的代表发通知"):
            notice_create(actor=street_staff_user, station=place, **fields)
    assert notice_create(actor=street_staff_user, station=station, **fields).station == station


def test_a_districts_staff_write_to_a_station_of_either_street(
    district_staff_user, other_station, other_deputy_record
):
    fields = {"title": "通知", "body": "请提交建议。", "audience": Notice.Audience.EVERYONE}
    assert notice_create(actor=district_staff_user, station=other_station, **fields).pk
    with pytest.raises(ActionRefused):
        notice_create(actor=district_staff_user, station=None, **fields)


def test_staff_of_the_whole_deployment_still_write_to_every_deputy(staff_user, deputy_record):
    notice = notice_create(
        actor=staff_user, station=None, title="通知", body="请提交建议。", audience=Notice.Audience.EVERYONE
    )
    assert notice.station is None


def test_the_outbox_lists_the_streets_messages_only(
    both, street_staff, district_staff, deputy_record, other_deputy_record
):
    for activity, deputy in zip(both, (deputy_record, other_deputy_record), strict=True):
        notification_schedule(
            recipient=deputy_recipients([deputy])[deputy.pk],
            kind="activity_invitation",
            subject=activity.title,
            body="",
            due_at=timezone.now(),
            about=activity,
        )
    subjects = {
        row.notification.subject for row in street_staff.get(reverse("activities:reminders")).context["page"]
    }
    assert subjects == {"东湖培训"}
    subjects = {
        row.notification.subject
        for row in district_staff.get(reverse("activities:reminders")).context["page"]
    }
    assert subjects == {"东湖培训", "西湖培训"}


def test_a_deputys_reminders_in_the_other_street_are_not_found(street_staff, other_deputy_record):
    url = reverse("activities:deputy_reminders", args=[other_deputy_record.pk])
    assert street_staff.get(url).status_code == 404


def test_a_group_activity_of_no_station_stays_its_organisers(street_staff_user, other_street_staff_user):
    activity = ActivityFactory(kind=Activity.Kind.GROUP, station=None, organiser=street_staff_user)
    assert activity in activities_visible_to(street_staff_user)
    assert activity not in activities_visible_to(other_street_staff_user)


def test_the_activity_form_offers_the_streets_officers_only(
    street_staff, committee_staff, officer_user, other_officer_user
):
    offered = street_staff.get(reverse("activities:create")).context["form"].fields["officers"].queryset
    assert list(offered) == [officer_user]
    offered = committee_staff.get(reverse("activities:create")).context["form"].fields["officers"].queryset
    assert set(offered) == {officer_user, other_officer_user}
