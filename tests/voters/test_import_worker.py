"""A large opinions workbook imported by a real Celery worker (a subprocess) on the test's PostgreSQL and
Redis, its page following the progress until every row is in (issue 15)."""

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse

from liaison.celery import app
from liaison.imports.models import ImportJob
from tests.core.workbooks import upload
from tests.notifications.test_reminder_worker import Workers
from tests.processes import shared_services_only
from voters.imports import OPINIONS
from voters.models import Opinion, OpinionEvent

pytestmark = shared_services_only(
    "real-worker tests need REDIS_URL and a PostgreSQL DATABASE_URL that a worker process can share"
)
ROWS = 1500


@pytest.fixture
def workers(tmp_path):
    started = Workers(tmp_path)
    yield started
    started.stop_all()


def test_a_worker_imports_a_large_file_and_the_page_shows_progress(
    workers, committee_staff, station, settings
):
    app.control.purge()
    first = date(2025, 1, 1)
    rows = [
        {
            "station": station.name,
            "channel": "Phone",
            "received_on": first + timedelta(days=number % 365),
            "content": f"第 {number} 条意见：路灯不亮",
            "outcome": "已收到",
        }
        for number in range(ROWS)
    ]
    data = {"file": upload(OPINIONS.columns, rows), "start": "2025-01-01", "end": "2025-12-31"}
    settings.RECORDS_IMPORT_INLINE_MAX_BYTES = 1024
    committee_staff.post(reverse("voters:import"), data)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    workers.worker("imports", settings.CELERY_BROKER_URL, MEDIA_ROOT=str(settings.MEDIA_ROOT))
    status_url = reverse("imports:status", args=[job.pk])
    seen = []
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        state = committee_staff.get(status_url).json()
        seen.append(state["progress"])
        if state["status"] in ("done", "failed"):
            break
        time.sleep(0.3)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, (job.problems[:3], job.error, workers.logs())
    assert Opinion.objects.count() == ROWS
    assert OpinionEvent.objects.filter(kind=OpinionEvent.Kind.IMPORTED).count() == ROWS
    # The page followed the writing, not only its start and end.
    assert any(0 < percent < 100 for percent in seen), seen
    assert seen == sorted(seen)
