"""Nothing a user entered is deleted (issue 18, item 19): the admin offers no delete for activities, visits
and appointments (they are cancelled or withdrawn through the pages), and each change of them is kept in
their field history, with who made it."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity, Appointment
from liaison.activities.services import activity_cancel, activity_publish, appointment_close
from liaison.models import User
from tests.activities.factories import AppointmentFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    return User.objects.create_superuser("root", password="x-long-password-1", role=User.Role.ADMIN)


@pytest.fixture
def admin(admin_user):
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def records(activity, point, deputy_record):
    return {
        "activity": activity,
        "visit": VisitFactory(station=point),
        "appointment": AppointmentFactory(station=point, deputy=deputy_record),
    }


@pytest.mark.parametrize("name", ["activity", "visit", "appointment"])
def test_the_admin_cannot_delete_one(admin, records, name):
    record = records[name]
    response = admin.post(reverse(f"admin:activities_{name}_delete", args=[record.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(record).objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("name", ["activity", "visit", "appointment"])
def test_the_admin_offers_no_bulk_delete(admin, records, name):
    record = records[name]
    changelist = reverse(f"admin:activities_{name}_changelist")
    assert "delete_selected" not in admin.get(changelist).content.decode()
    admin.post(changelist, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"})
    assert type(record).objects.filter(pk=record.pk).exists()


def test_an_activity_keeps_the_history_of_its_fields(activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    activity_cancel(activity=activity, actor=officer_user, reason="场地维修")
    statuses = [row.status for row in activity.history.order_by("history_date")]
    assert statuses == [Activity.Status.PLANNED, Activity.Status.PUBLISHED, Activity.Status.CANCELLED]


def test_a_visit_keeps_the_history_of_its_fields(point):
    visit = VisitFactory(station=point, voters_met=3)
    visit.voters_met = 5
    visit.save()
    assert [row.voters_met for row in visit.history.order_by("history_date")] == [3, 5]


def test_an_appointment_keeps_the_history_and_who_changed_it(admin, admin_user, point, deputy_record):
    appointment = AppointmentFactory(station=point, deputy=deputy_record)
    url = reverse("admin:activities_appointment_change", args=[appointment.pk])
    form = admin.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    admin.post(url, {**data, "place": "联络站二楼"})
    latest = appointment.history.latest("history_date")
    assert latest.place == "联络站二楼" and latest.history_user == admin_user
    assert appointment.history.count() == 2


def test_a_withdrawn_appointment_is_kept(point, deputy_record, officer_user):
    appointment = AppointmentFactory(station=point, deputy=deputy_record)
    appointment_close(appointment=appointment, actor=officer_user, outcome="群众撤回", met=False)
    assert Appointment.objects.get(pk=appointment.pk).status == Appointment.Status.CANCELLED
    assert appointment.history.filter(status=Appointment.Status.CANCELLED).exists()
    assert timezone.now() - appointment.history.latest("history_date").history_date < timedelta(minutes=1)
