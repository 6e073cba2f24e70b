"""What the voters app tells people (voters/services/messages.py): the tracking code is sent back to the voter
by SMS (the gateway is the outside world: the file SMS backend stands in for it), and the officers hear of
opinions sent online and of overdue ones."""

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from liaison.celery import app
from liaison.notifications.models import Notification
from tests.voters.factories import OpinionFactory, VoterFactory
from voters import tasks
from voters.models import Channel, Opinion
from voters.services.messages import (
    opinion_notify_online,
    opinion_send_tracking_code,
    opinions_remind_overdue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sms_file(settings, monkeypatch, tmp_path):
    """The file SMS backend stands in for the gateway: one line per message sent."""
    settings.SMS_BACKEND = "file"
    path = tmp_path / "sms.txt"
    monkeypatch.setenv("SMS_FILE_PATH", str(path))
    return path


def sent(path):
    """(phone, text, reference) of each message sent."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [(phone, text, reference) for reference, phone, text in (line.split("\t", 2) for line in lines)]


@pytest.fixture
def eager_tasks(monkeypatch):
    monkeypatch.setitem(app.conf, "task_always_eager", True)


def submit(client, station, **data):
    data = {"content": "小区门口路灯坏了很久，晚上出行不安全", **data}
    return client.post(f"/opinions/public/s/{station.pk}/", data, REMOTE_ADDR="10.0.0.9")


def test_the_voter_gets_the_code_by_sms_once(
    anonymous, station, eager_tasks, django_capture_on_commit_callbacks, sms_file
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(anonymous, station, name="王小二", phone="13912345678", consent="on")
    opinion = Opinion.objects.get()
    assert len(sent(sms_file)) == 1
    phone, text, _reference = sent(sms_file)[0]
    assert phone == "+8613912345678"
    assert opinion.tracking_code in text and "查询码" in text
    assert opinion.tracking_code_sent_at is not None
    # A redelivered task sends nothing more.
    assert opinion_send_tracking_code(opinion_id=opinion.pk) is False
    assert len(sent(sms_file)) == 1


def test_no_sms_without_a_mobile_or_consent(
    anonymous, station, eager_tasks, django_capture_on_commit_callbacks, sms_file
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(anonymous, station)  # anonymous opinion
        submit(
            anonymous,
            station,
            content="另一条意见：公交站台需要遮雨棚",
            name="李四",
            phone="02788886666",
            consent="on",
        )
    assert sent(sms_file) == []


def test_a_failed_send_is_given_back_for_the_retry(station, monkeypatch, sms_file):
    opinion = OpinionFactory(
        station=station, voter=VoterFactory(station=station, phone="+8613912345678", consent=True)
    )
    monkeypatch.setenv("SMS_FILE_FAIL", "1")  # the gateway is down
    with pytest.raises(ConnectionError):
        opinion_send_tracking_code(opinion_id=opinion.pk)
    opinion.refresh_from_db()
    assert opinion.tracking_code_sent_at is None
    monkeypatch.delenv("SMS_FILE_FAIL")
    assert opinion_send_tracking_code(opinion_id=opinion.pk) is True
    assert len(sent(sms_file)) == 1


def test_the_page_answers_when_the_broker_is_down(
    anonymous, station, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tasks.send_tracking_code, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(anonymous, station, name="王小二", phone="13912345678", consent="on")
    assert response.status_code == 302
    assert Opinion.objects.get().tracking_code_sent_at is None


def test_officers_hear_of_online_opinions_and_of_overdue_ones(
    station, point, officer_user, other_officer_user
):
    online = OpinionFactory(station=point, channel=Channel.ONLINE)
    opinion_notify_online(opinion=online)
    opinion_notify_online(opinion=online)  # idempotent
    message = Notification.objects.get()
    assert message.recipient.user == officer_user
    assert online.tracking_code in message.subject
    assert Opinion.objects.get(pk=online.pk).voter is None

    late = OpinionFactory(station=station, received_at=timezone.now() - timezone.timedelta(days=30))
    Opinion.objects.filter(pk=late.pk).update(due_on=timezone.localdate() - timezone.timedelta(days=10))
    assert len(opinions_remind_overdue()) == 1
    opinions_remind_overdue()  # the same day: nothing new
    overdue = Notification.objects.filter(kind="opinion_overdue")
    assert overdue.count() == 1 and overdue.get().recipient.user == officer_user
    assert "period=overdue" in overdue.get().url
