"""The gateways' status page: each channel's configuration and last error, and a test of the connection
whose failure (wrong credentials) is told as a line, never as a traceback."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.models import Station
from liaison.notifications import outbox
from liaison.notifications.models import Recipient
from liaison.notifications.services import notification_schedule

pytestmark = pytest.mark.django_db


def test_the_page_shows_each_channel_and_what_it_lacks(committee_staff, settings):
    settings.SMS_BACKEND = "aliyun"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = ""
    page = committee_staff.get(reverse("notifications:gateways")).content.decode()
    assert "ALIYUN_SMS_ACCESS_KEY_ID" in page and "SMS_SIGN_NAME" in page
    assert 'id="gateway-wecom"' in page and 'id="gateway-email"' in page


def test_wrong_credentials_are_reported_on_the_page(committee_staff, aliyun, settings):
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "not-the-secret"
    notification_schedule(
        recipient=Recipient.objects.create(name="陈建国", mobile="+8613812345678"),
        kind="activity_upcoming",
        subject="明天接待选民",
        body="",
        due_at=timezone.now() - timedelta(seconds=1),
    )
    outbox.dispatch(outbox.deliver)  # the row fails as refused: the page shows why
    response = committee_staff.post(reverse("notifications:gateway_check", args=["sms"]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("SignatureDoesNotMatch") >= 3  # the message, the last error, the last test
    assert "Traceback" not in page


def test_a_working_connection_says_so(committee_staff, wecom):
    response = committee_staff.post(reverse("notifications:gateway_check", args=["wecom"]), follow=True)
    assert "/cgi-bin/gettoken" in wecom.calls
    assert response.status_code == 200 and "text-success" in response.content.decode()


def test_an_unknown_channel_is_not_found(committee_staff):
    assert committee_staff.post(reverse("notifications:gateway_check", args=["fax"])).status_code == 404


def test_street_staff_count_the_robots_of_their_street_only(
    street_staff, committee_staff, station, other_station
):
    """Issue 15: no figure over the whole deployment on a scoped staff member's page."""
    Station.objects.filter(pk__in=[station.pk, other_station.pk]).update(wecom_webhook_key="key")
    assert street_staff.get(reverse("notifications:gateways")).context["robots"] == 1
    assert committee_staff.get(reverse("notifications:gateways")).context["robots"] == 2
