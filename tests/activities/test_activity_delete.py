"""Deleting an activity (administrators, in the admin) does what cancelling it does: the reminders not yet sent
are withdrawn and those invited are told it is off; no message is left pointing at the page that is gone."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from liaison.activities.models import Activity
from liaison.activities.services import activity_delete, activity_publish
from liaison.models import User
from liaison.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def _admin_client():
    admin_user = User.objects.create_superuser("root", password="x-long-password-1", role=User.Role.ADMIN)
    client = Client()
    client.force_login(admin_user)
    return client


def test_deleting_a_published_activity_withdraws_and_tells(activity, officer_user, deputy_user):
    activity_publish(activity=activity, actor=officer_user)
    activity_delete(activity=activity)
    assert not Activity.objects.filter(pk=activity.pk).exists()
    upcoming = Delivery.objects.filter(notification__kind="activity_upcoming")
    assert upcoming.exists()
    assert set(upcoming.values_list("status", flat=True)) == {Delivery.Status.CANCELLED}
    off = Notification.objects.get(kind="activity_cancelled", recipient__user=deputy_user)
    assert activity.title in off.subject
    assert off.deliveries.filter(status=Delivery.Status.PENDING).exists()
    assert not Notification.objects.filter(about_id=activity.pk).exclude(about_type=None).exists()
    assert not Notification.objects.exclude(url="").exists()


def test_deleting_a_planned_or_past_activity_tells_nobody(activity, officer_user):
    activity_delete(activity=activity)
    assert not Notification.objects.exists()


def test_deleting_a_published_activity_that_has_ended_tells_nobody(activity, officer_user):
    activity_publish(activity=activity, actor=officer_user)
    Activity.objects.filter(pk=activity.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    activity_delete(activity=activity)
    assert not Notification.objects.filter(kind="activity_cancelled").exists()


def test_the_admins_delete_goes_through_the_service(activity, officer_user, deputy_user):
    activity_publish(activity=activity, actor=officer_user)
    client = _admin_client()
    response = client.post(f"/admin/activities/activity/{activity.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Notification.objects.filter(kind="activity_cancelled", recipient__user=deputy_user).exists()
    assert not Delivery.objects.filter(
        notification__kind="activity_upcoming", status=Delivery.Status.PENDING
    ).exists()


def test_the_admins_bulk_delete_goes_through_the_service(activity, officer_user, deputy_user):
    activity_publish(activity=activity, actor=officer_user)
    client = _admin_client()
    response = client.post(
        "/admin/activities/activity/",
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Activity.objects.filter(pk=activity.pk).exists()
    assert Notification.objects.filter(kind="activity_cancelled", recipient__user=deputy_user).exists()
