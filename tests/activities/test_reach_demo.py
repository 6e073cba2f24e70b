"""Done when (issue 14): on the demo street, publishing an activity queues a reminder for every invited
deputy who has a phone, e-mail or WeChat Work id, account or not; the others wait on the officers' list."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity
from liaison.activities.services import activity_create, activity_publish
from liaison.home import demo
from liaison.notifications.models import Delivery, Notification

pytestmark = pytest.mark.django_db


def test_publishing_on_the_demo_street_queues_a_reminder_for_every_deputy_with_a_channel(client):
    street = demo.build_network()
    deputies = street.deputies
    with_channel = [deputy for deputy in deputies if deputy.phone or deputy.email or deputy.wecom_userid]
    # The street has each kind of deputy the outbox must reach.
    assert sum(deputy.user_id is not None for deputy in deputies) >= 1
    assert sum(deputy.user_id is None for deputy in with_channel) > 100
    assert any(deputy.wecom_userid and not deputy.phone for deputy in deputies)
    assert any(deputy.email and not deputy.phone for deputy in deputies)
    assert any(deputy.phone and not deputy.wecom_userid for deputy in deputies)
    unreachable = [deputy for deputy in deputies if deputy not in with_channel]
    assert unreachable

    officer = street.users["officer"]
    start = timezone.now() + timedelta(days=14)
    activity = activity_create(
        actor=officer,
        deputies=deputies,
        kind=Activity.Kind.TRAINING,
        title="全体代表履职培训",
        station=street.station,
        starts_at=start,
        ends_at=start + timedelta(hours=3),
        place=street.station.address,
    )
    activity_publish(activity=activity, actor=officer)

    invitations = Notification.objects.filter(kind="activity_invitation")
    queued = set(
        Delivery.objects.filter(notification__in=invitations, status=Delivery.Status.PENDING)
        .exclude(channel=Delivery.Channel.INBOX)
        .values_list("notification__recipient__person_id", flat=True)
    )
    assert queued == {deputy.pk for deputy in with_channel}
    channels = set(Delivery.objects.filter(notification__in=invitations).values_list("channel", flat=True))
    assert channels == {"inbox", "wecom", "sms", "email"}

    client.force_login(officer)
    to_phone = client.get(reverse("activities:unreachable")).content.decode()
    assert all(deputy.name in to_phone for deputy in unreachable)
