"""`python -m bench.tasks imports <rows> <out.json>`: an opinions workbook of `rows` rows brought in as staff
bring one in (issue 15): the job made, the file read and checked whole, every row written in its one
transaction (liaison/imports/services.py `import_run`), on the dataset's station with the most voters, so
that voters are found again by phone among many. Timed from the stored file to the job done."""

import time
from datetime import date, timedelta

from django.db.models import Count


def _rows(count, station, deputies, units, phones, tag):
    first = date(timezone_year() - 1, 1, 1)
    rows = []
    for number in range(count):
        closed = number % 2 == 0
        rows.append(
            {
                "station": station.name,
                "channel": "接待选民日",
                "received_on": first + timedelta(days=number % 360),
                # Every third a voter already on the books, every third a new one, every third nobody.
                "voter_name": "" if number % 3 == 2 else "李四",
                "voter_phone": (
                    phones[number % len(phones)] if number % 3 == 0 and phones
                    else f"139{number:08d}" if number % 3 == 1 else ""
                ),
                "content": f"基准导入 {tag} 第 {number} 条：小区门口路灯不亮",
                "deputy": deputies[number % len(deputies)] if deputies else "",
                "route": "转街道办事处办理" if closed else "",
                "handling_unit": units[number % len(units)] if closed and units else "",
                "outcome": "已关闭" if closed else "已收到",
                "reply": "已修复" if closed else "",
                "finished_on": (first + timedelta(days=number % 360 + 3)).isoformat() if closed else "",
                "satisfaction": "满意" if closed else "",
            }
        )  # fmt: skip
    return rows


def _unique_names(objects):
    """Twenty names borne by one record each: a shared name is a problem of the row (liaison/core/imports)."""
    named = objects.values("name").annotate(count=Count("pk")).filter(count=1).order_by("name")
    return [entry["name"] for entry in named[:20]]


def timezone_year():
    from django.utils import timezone

    return timezone.localdate().year


def run(count, out, write):
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from deputies.models import Deputy
    from liaison.core.imports import read_cells, rows_of
    from liaison.imports.models import ImportJob
    from liaison.imports.services import import_run
    from liaison.models import HandlingUnit, Station, User
    from tests.core.workbooks import workbook_bytes
    from voters.imports import OPINIONS
    from voters.models import Opinion, Voter

    staff = User.objects.filter(role=User.Role.STAFF, jurisdiction=None, is_active=True).first()
    station = Station.objects.annotate(voter_count=Count("voters")).order_by("-voter_count", "pk").first()
    phones = list(
        Voter.objects.filter(station=station).exclude(phone="").values_list("phone", flat=True)[:500]
    )
    deputies = _unique_names(Deputy.objects.all())
    units = _unique_names(HandlingUnit.objects.all())
    year = timezone_year() - 1
    # Each run's own texts: a run of the same dataset again is not refused as the same opinions.
    tag = time.time_ns()
    data = workbook_bytes(OPINIONS.columns, _rows(count, station, deputies, units, phones, tag))
    job = ImportJob.objects.create(
        user=staff,
        kind=OPINIONS.kind,
        filename="bench.xlsx",
        sha256=f"bench-{tag}",
        params={"start": f"{year}-01-01", "end": f"{year}-12-31", "language": "zh-hans"},
    )
    job.file.save("upload.xlsx", ContentFile(data), save=True)
    # The reading and checking alone, once beforehand: the rest of the job's time is the writing.
    started = time.monotonic()
    OPINIONS.check(rows_of(read_cells(data), OPINIONS.columns), actor=staff, params=job.params)
    check_seconds = time.monotonic() - started
    before = Opinion.objects.count()
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        import_run(job, OPINIONS)
        seconds = time.monotonic() - started
    job.refresh_from_db()
    written = Opinion.objects.count() - before
    assert job.status == ImportJob.Status.DONE and written == count, (job.status, job.problems[:5], job.error)
    write(
        out,
        {
            "rows": count,
            "station_voters": station.voter_count,
            "seconds": round(seconds, 2),
            "read_and_check_seconds": round(check_seconds, 2),
            "write_ms_per_row": round((seconds - check_seconds) / count * 1000, 2),
            "ms_per_row": round(seconds / count * 1000, 2),
            "rows_per_second": round(count / seconds),
            "queries": len(queries),
            "extrapolated_50k_seconds": round(seconds / count * 50_000),
        },
    )
