"""The reminder guarantees with real Celery workers (subprocesses) on a real Redis (REMINDERS.md).

They need a database the workers can share with the test (PostgreSQL) and REDIS_URL; CI has both. Each
worker is a `celery -A liaison worker` process group that the test starts and ends by its own pid."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from liaison.activities.recipients import deputy_recipients
from liaison.celery import app
from liaison.notifications.models import Delivery
from liaison.notifications.services import notification_schedule
from tests.processes import database_url_for_processes, shared_services_only

BASE_DIR = Path(settings.BASE_DIR)
pytestmark = shared_services_only(
    "real-worker tests need REDIS_URL and a PostgreSQL DATABASE_URL that a worker process can share"
)


class Workers:
    """Starts workers and private Redis servers for one test and always ends them."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.sms_file = tmp_path / "sms.txt"
        self.sms_file.touch()
        self.processes = []

    def env(self, broker, **extra):
        env = {
            **os.environ,
            "DATABASE_URL": database_url_for_processes(),
            "CELERY_BROKER_URL": broker,
            "VAR_DIR": str(self.tmp_path / "var"),
            "SMS_BACKEND": "file",
            "SMS_FILE_PATH": str(self.sms_file),
            # Short leases, small batches, the dispatcher every second.
            "DJANGO_SETTINGS_MODULE": "tests.notifications.worker_settings",
        }
        env.update({key: str(value) for key, value in extra.items()})
        return env

    def worker(self, name, broker, *, beat=False, concurrency=2, **extra):
        command = [
            sys.executable, "-m", "celery", "-A", "liaison", "worker", "-n", f"{name}@%h",
            f"--concurrency={concurrency}", "--pool=prefork", "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(self.tmp_path / f"beat-{name}")]
        log = open(self.tmp_path / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            command, cwd=BASE_DIR, env=self.env(broker, **extra), stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        log_path = self.tmp_path / f"{name}.log"
        _wait(
            lambda: b" ready." in log_path.read_bytes() or process.poll() is not None,
            60,
            f"worker {name} did not start",
        )
        assert process.poll() is None, log_path.read_text(errors="replace")
        return process

    def redis(self, port):
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        self.processes.append(process)
        _wait(lambda: _port_open(port), 10, "private redis-server did not start")
        return process

    @staticmethod
    def kill(process, sig=signal.SIGKILL):
        if process.poll() is None:
            os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_all(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def sent_references(self):
        lines = self.sms_file.read_text(encoding="utf-8").splitlines()
        return Counter(int(line.split("\t", 1)[0]) for line in lines if line)

    def logs(self):
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in self.tmp_path.glob("*.log"))


def _port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _free_port(preferred=6390):
    for port in range(preferred, preferred + 50):
        if not _port_open(port):
            return port
    raise RuntimeError("no free port for a private redis-server")


def _wait(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(message)


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def recipient(deputy_user, deputy_record):
    return deputy_recipients([deputy_record])[deputy_record.pk]  # inbox + SMS to the record's phone


def _plan(recipient, count):
    for number in range(count):
        notification_schedule(
            recipient=recipient,
            kind="test",
            subject=f"提醒 {number}",
            body="",
            due_at=timezone.now() - timedelta(seconds=1),
        )


def _sms():
    return Delivery.objects.filter(channel=Delivery.Channel.SMS)


def _all_settled():
    return not Delivery.objects.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists()


def test_two_workers_send_each_reminder_once(workers, recipient):
    app.control.purge()
    _plan(recipient, 40)
    broker = settings.CELERY_BROKER_URL
    workers.worker("one", broker, SMS_FILE_DELAY="0.02")
    workers.worker("two", broker, SMS_FILE_DELAY="0.02")
    # Many dispatcher runs at once, on both workers: each claims with SKIP LOCKED.
    for _run in range(12):
        app.send_task("liaison.dispatch_reminders")
    _wait(_all_settled, 90, "not everything was sent:\n" + workers.logs())
    sent = workers.sent_references()
    assert set(sent) == set(_sms().values_list("pk", flat=True))
    assert max(sent.values()) == 1, "an SMS went out twice"
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()
    for name in ("one", "two"):  # both really worked
        assert "succeeded" in (workers.tmp_path / f"{name}.log").read_text(errors="replace")


def test_redis_stopped_loses_nothing(workers, recipient):
    port = _free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    redis = workers.redis(port)
    workers.worker("beat", broker, beat=True)
    _plan(recipient, 3)
    _wait(_all_settled, 60, "the worker did not send while Redis was up:\n" + workers.logs())

    workers.kill(redis, signal.SIGTERM)
    _plan(recipient, 10)
    time.sleep(4)
    # Nothing could go out, and nothing is lost: every row is still there, not sent.
    waiting = Delivery.objects.exclude(status=Delivery.Status.SENT)
    assert waiting.count() == 20
    assert len(workers.sent_references()) == 3

    workers.redis(port)  # back, and empty: whatever was queued inside Redis is gone
    _wait(_all_settled, 90, "what was due did not go out after Redis came back:\n" + workers.logs())
    sent = workers.sent_references()
    assert len(sent) == 13 and max(sent.values()) == 1
    assert not Delivery.objects.exclude(status=Delivery.Status.SENT).exists()


def test_worker_killed_mid_batch_sends_nothing_twice(workers, recipient):
    app.control.purge()
    _plan(recipient, 20)
    broker = settings.CELERY_BROKER_URL
    doomed = workers.worker("doomed", broker, concurrency=1, SMS_FILE_DELAY="0.4")
    app.send_task("liaison.dispatch_reminders")
    _wait(lambda: sum(workers.sent_references().values()) >= 3, 60, "no SMS went out:\n" + workers.logs())
    workers.kill(doomed)  # SIGKILL to the whole process group, in the middle of the batch
    assert _sms().exclude(status=Delivery.Status.SENT).exists(), "the batch finished before the kill"

    workers.worker("rescuer", broker, beat=True)
    _wait(_all_settled, 90, "the rest of the batch was not sent:\n" + workers.logs())
    sent = workers.sent_references()
    assert max(sent.values()) == 1, "an SMS went out twice"
    interrupted = _sms().filter(status=Delivery.Status.UNCERTAIN)
    # At most the one send in flight at the kill is left for a person to check; it is never resent.
    assert interrupted.count() <= 1
    assert all("interrupted" in row.last_error for row in interrupted)
    assert set(_sms().filter(status=Delivery.Status.SENT).values_list("pk", flat=True)) <= set(sent)
    assert _sms().filter(status=Delivery.Status.SENT).count() + interrupted.count() == 20


def test_worker_killed_mid_batch_leaves_that_batch_uncertain_and_sends_nothing_twice(workers, recipient):
    """With a gateway that takes 5 messages per call, a worker killed during a call leaves at most those 5
    rows "may have been sent"; the rest goes out once."""
    app.control.purge()
    _plan(recipient, 40)
    broker = settings.CELERY_BROKER_URL
    doomed = workers.worker("doomed", broker, concurrency=1, SMS_FILE_BATCH="5", SMS_FILE_DELAY="0.2")
    app.send_task("liaison.dispatch_reminders")
    _wait(lambda: sum(workers.sent_references().values()) >= 5, 60, "no SMS went out:\n" + workers.logs())
    workers.kill(doomed)  # in the middle of a call of 5 (each call takes a second)
    assert _sms().exclude(status=Delivery.Status.SENT).exists(), "the batch finished before the kill"

    workers.worker("rescuer", broker, beat=True, SMS_FILE_BATCH="5")
    _wait(_all_settled, 90, "the rest was not sent:\n" + workers.logs())
    sent = workers.sent_references()
    assert max(sent.values()) == 1, "an SMS went out twice"
    uncertain = _sms().filter(status=Delivery.Status.UNCERTAIN)
    assert uncertain.count() <= 5
    assert all(row.failure == Delivery.Failure.INTERRUPTED for row in uncertain)
    assert set(_sms().filter(status=Delivery.Status.SENT).values_list("pk", flat=True)) <= set(sent)
    assert _sms().filter(status=Delivery.Status.SENT).count() + uncertain.count() == 40
