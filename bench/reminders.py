"""Reminder dispatch through one real Celery worker on Redis (REMINDERS.md): `count` due SMS reminders,
timed to the last one sent; then as many again with the worker killed (SIGKILL to its process group) in the
middle and a new one started. The worker sends through the real Alibaba Cloud SMS adapter and its SDK to the
local imitation of the provider that the protocol tests use (tests/notifications/providers.py), run here in
a thread: it checks each request's signature and writes each message it takes to a file, which is read back,
so a duplicate is a message taken twice, and a loss is a row neither sent nor flagged for a person.

The provider call in flight at the kill (up to 100 messages, SendBatchSms) is flagged "may have been sent"
(never resent, to avoid a duplicate), as the outbox designs it: it counts as flagged, not lost."""

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench.copy import Loader, reset_sequences
from liaison.models import User
from liaison.notifications.models import Delivery, Notification, Recipient
from tests.notifications.providers import ALIYUN_KEY, FakeAliyun


def _plan(count, kind):
    """`count` reminders due now, one SMS delivery each, to deputies (the phone comes from their record)."""
    now = timezone.now()
    recipients = list(
        Recipient.objects.filter(user__role=User.Role.DEPUTY).order_by("pk").values_list("pk", "mobile")
    )
    first = (Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    first_delivery = (Delivery.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    Loader(Notification, now).write(
        {"id": first + n, "recipient_id": recipients[n % len(recipients)][0], "kind": kind, "subject": f"提醒 {n}",
         "due_at": now, "inbox_at": now}
        for n in range(count)
    )  # fmt: skip
    Loader(Delivery, now).write(
        {"id": first_delivery + n, "notification_id": first + n, "channel": Delivery.Channel.SMS,
         "address": recipients[n % len(recipients)][1], "status": Delivery.Status.PENDING,
         "due_at": now - timedelta(seconds=1)}
        for n in range(count)
    )  # fmt: skip
    reset_sequences([Notification, Delivery])
    return Delivery.objects.filter(notification__kind=kind)


class Worker:
    def __init__(self, workdir, gateway):
        self.workdir = Path(workdir)
        self.gateway = gateway
        self.process = None

    def start(self, name):
        env = {
            **os.environ,
            "CELERY_BROKER_URL": os.environ["REDIS_URL"],
            "VAR_DIR": str(self.workdir / "var"),
            "SMS_BACKEND": "aliyun",
            "ALIYUN_SMS_ACCESS_KEY_ID": ALIYUN_KEY[0],
            "ALIYUN_SMS_ACCESS_KEY_SECRET": ALIYUN_KEY[1],
            "ALIYUN_SMS_ENDPOINT": self.gateway.url,
            "SMS_SIGN_NAME": self.gateway.sign_name,
            "SMS_TEMPLATES": "*=SMS_BENCH:subject",
            # The dispatcher every second, claiming no more than one worker sends (bench/worker_settings.py).
            "DJANGO_SETTINGS_MODULE": "bench.worker_settings",
            "LOG_LEVEL": "WARNING",
        }
        log_path = self.workdir / f"{name}.log"
        log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "liaison", "worker", "--beat", "-n", f"{name}@%h",
             "--schedule", str(self.workdir / f"beat-{name}"), "--concurrency=2", "--pool=prefork",
             "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while b" ready." not in log_path.read_bytes():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"worker {name} did not start:\n{log_path.read_text(errors='replace')[-2000:]}"
                )
            time.sleep(0.2)

    def stop(self, sig=signal.SIGTERM):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def _sent(sms_file, rows):
    """{row pk: times the gateway took its message}: each reminder's subject names its row."""
    pk_of = {subject: pk for pk, subject in rows.values_list("pk", "notification__subject")}
    counts = Counter()
    if sms_file.exists():
        for line in sms_file.read_text(encoding="utf-8").splitlines():
            if line:
                counts[pk_of.get(json.loads(line.split("\t", 1)[1])["subject"])] += 1
    counts.pop(None, None)
    return dict(counts)


def _settled(rows):
    return not rows.filter(
        status__in=[Delivery.Status.PENDING, Delivery.Status.QUEUED, Delivery.Status.SENDING]
    ).exists()


def _wait(condition, timeout):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.25)
    return True


def _result(rows, sms_file, seconds):
    ids = set(rows.values_list("pk", flat=True))
    sent = _sent(sms_file, rows)
    sent_rows = set(rows.filter(status=Delivery.Status.SENT).values_list("pk", flat=True))
    flagged = rows.filter(status=Delivery.Status.UNCERTAIN).count()
    # Lost: a row that never went out and is not flagged for a person, or marked sent without a message.
    unsent = ids - set(sent)
    lost = len(unsent - set(rows.filter(status=Delivery.Status.UNCERTAIN).values_list("pk", flat=True)))
    lost += len(sent_rows - set(sent))
    return {
        "reminders": len(ids),
        "seconds": round(seconds, 1),
        "per_second": round(len(sent) / seconds, 1) if seconds else None,
        "sent": len(sent),
        "duplicates": sum(n - 1 for n in sent.values()),
        "flagged_interrupted": flagged,
        "lost": lost,
    }


def run(count, workdir, out):
    from liaison.celery import app

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    results = {}
    app.control.purge()

    sms_file = workdir / "sms-plain.txt"
    rows = _plan(count, "bench_plain")
    connection.close()
    with FakeAliyun(log_path=sms_file) as gateway:
        worker = Worker(workdir, gateway)
        worker.start("plain")
        started = time.monotonic()
        try:
            _wait(lambda: _settled(rows), 1200)
            seconds = time.monotonic() - started
        finally:
            worker.stop()
        results["plain"] = {**_result(rows, sms_file, seconds), "provider_calls": len(gateway.calls)}

    sms_file = workdir / "sms-kill.txt"
    rows = _plan(count, "bench_kill")
    with FakeAliyun(log_path=sms_file) as gateway:
        worker = Worker(workdir, gateway)
        worker.start("doomed")
        started = time.monotonic()
        try:
            _wait(lambda: len(_sent(sms_file, rows)) >= count // 3, 600)
            worker.stop(signal.SIGKILL)
            killed_after = len(_sent(sms_file, rows))
            worker = Worker(workdir, gateway)
            worker.start("rescuer")
            _wait(lambda: _settled(rows), 1200)
            seconds = time.monotonic() - started
        finally:
            worker.stop()
        results["killed"] = {**_result(rows, sms_file, seconds), "killed_after_sent": killed_after}
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)
