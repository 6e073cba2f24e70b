"""What goes out about an activity or a notice besides each person's own message, through the outbox to the
local imitations of the providers (tests/notifications/providers.py): the station's deputies' WeChat Work
group (seed 000: where the station's news goes first) hears of its activities and notices through the
group's robot; an activity's SMS names its time and place for the approved template."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from liaison.activities.models import Activity
from liaison.activities.notices import notice_create, notice_send
from liaison.activities.services import activity_cancel, activity_create, activity_publish
from liaison.notifications import outbox
from liaison.notifications.models import Delivery
from tests.deputies.factories import DeputyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def point_with_group(point):
    point.wecom_webhook_key = "robot-key-1"
    point.save()
    return point


def _published(station, officer, deputy):
    start = timezone.make_aware(datetime(timezone.localdate().year + 1, 3, 14, 9, 30))
    activity = activity_create(
        actor=officer,
        deputies=[deputy],
        kind=Activity.Kind.RECEPTION,
        title="接待选民日",
        station=station,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="桂花社区",
    )
    activity_publish(activity=activity, actor=officer)
    return activity


def _group_posts(wecom):
    return [sent["params"] for sent in wecom.sent if sent["phone"] == "robot-key-1"]


def test_the_group_hears_of_a_published_activity_and_of_its_cancellation(
    wecom, point_with_group, officer_user, deputy_record
):
    activity = _published(point_with_group, officer_user, deputy_record)
    outbox.dispatch(outbox.deliver)
    (invitation,) = _group_posts(wecom)
    assert "接待选民日" in invitation

    activity_cancel(activity=activity, actor=officer_user, reason="场地维修")
    outbox.dispatch(outbox.deliver)
    assert len(_group_posts(wecom)) == 2 and "场地维修" in _group_posts(wecom)[1]


def test_a_station_without_a_group_posts_nothing(wecom, point, officer_user, deputy_record):
    _published(point, officer_user, deputy_record)
    assert not Delivery.objects.filter(channel=Delivery.Channel.WECOM_ROBOT).exists()


def test_the_group_gets_the_whole_notice_once(wecom, point_with_group, officer_user, deputy_record):
    body = "请各位代表于本月底前提交建议。" * 10  # longer than any SMS parameter
    notice = notice_create(actor=officer_user, station=point_with_group, title="征集建议", body=body)
    notice_send(notice=notice)
    outbox.dispatch(outbox.deliver)
    outbox.dispatch(outbox.deliver)
    (post,) = _group_posts(wecom)
    assert "征集建议" in post and body in post


def test_an_activitys_sms_names_its_time_and_place_for_the_template(aliyun, settings, point, officer_user):
    settings.SMS_TEMPLATES = {"*": ("SMS_1", ["subject", "time", "place"])}
    deputy = DeputyFactory(phone="+8613811112222")
    _published(point, officer_user, deputy)
    outbox.dispatch(outbox.deliver)
    (invitation,) = [sent for sent in aliyun.sent if sent["phone"] == "13811112222"]
    assert invitation["params"]["time"] == "03-14 09:30"
    assert invitation["params"]["place"] == "桂花社区"
