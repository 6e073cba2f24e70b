"""The benchmark's steps that run inside Django, each in its own process against one database
(DATABASE_URL): `python -m bench.tasks <step> ...`. The orchestrator (bench/__main__.py) calls them.

  build <street|city> <factor> <out.json>   load the dataset, open sessions, resolve the pages' URLs
  workbook <station|city> <month|quarter|year> <out.json>   one quarterly workbook, timed, with its limit
  scoring <out.json>                          year-end scoring of all deputies
  reminders <count> <workdir> <out.json>     dispatch through a real worker, then again with a kill
  imports <rows> <out.json>                   an opinions workbook of that many rows, read, checked, written
"""

import json
import os
import resource
import sys
import time
from urllib.parse import quote


def _setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    import django

    django.setup()


def _write(path, data):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False, indent=1, default=str)


def login_sessions(usernames, per_user):
    """Logged-in sessions, as the login view would leave them (no second factor pending); the peer's build
    (bench/peer_site/build.py) opens its own with it too."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    User = get_user_model()

    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    keys = {}
    for role, username in usernames.items():
        user = User.objects.get(username=username)
        keys[role] = []
        for _n in range(per_user):
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = backend
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.create()
            keys[role].append(session.session_key)
    return keys


def _page_urls(values):
    from django.urls import reverse

    from bench.pages import BARE, FLOOR, PAGES

    pages = []
    for name, role, url_name, argument, query in [*PAGES, FLOOR, BARE]:
        url = reverse(url_name, args=[values[argument]] if argument else [])
        if query:
            url += "?" + quote(query.format(**values), safe="=&")
        pages.append({"name": name, "role": role, "url": url})
    return pages


def urls(path):
    """Resolve the page table again for a dataset built earlier (after bench/pages.py changed)."""
    _setup()
    with open(path, encoding="utf-8") as handle:
        built = json.load(handle)
    built["pages"] = _page_urls(built["values"])
    _write(path, built)


def build(scale_name, factor, out):
    _setup()
    from bench.generate import CITY, STREET, build

    scale = (CITY if scale_name == "city" else STREET).scaled(float(factor))
    started = time.monotonic()
    built = build(scale, log=lambda line: print(line, flush=True))
    seconds = time.monotonic() - started
    values = {
        "station": built.station_id,
        "unit": built.unit_id,
        "suggestion": built.suggestion_id,
        "category": built.category_id,
    }
    _write(
        out,
        {
            "scale": scale.__dict__,
            "seconds": round(seconds, 1),
            "rows": built.counts,
            "total_rows": sum(built.counts.values()),
            "sessions": login_sessions(built.logins, 8),
            "values": values,
            "pages": _page_urls(values),
        },
    )


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def workbook(scope_name, period_name, out):
    """The export as users get it (assessments.exports), then the same cells by plain openpyxl. Both are
    saved to a temporary file, as the export job saves a workbook (a large one is always a job), so the
    memory measured is the export's own, not the file's bytes held in memory."""
    _setup()
    import tempfile
    import tracemalloc
    from datetime import timedelta

    from django.utils import timezone, translation
    from openpyxl import Workbook, load_workbook

    from assessments.exports import workbook_bytes
    from assessments.periods import Period, quarter_of, quarter_period, year_period
    from assessments.report_figures import scope_for
    from assessments.reports import quarterly_workbook
    from liaison.models import Station

    today = timezone.localdate()
    # The last finished quarter (or year) that the data covers fully; the street holds only this year.
    if period_name == "year":
        period = year_period(today.year - 1)
    elif period_name == "month":
        end = today.replace(day=1) - timedelta(days=1)
        period = Period(end.replace(day=1), end)
    else:
        quarter = quarter_of(today)
        period = quarter_period(today.year, quarter - 1) if quarter > 1 else quarter_period(today.year - 1, 4)
    station = None if scope_name == "city" else Station.objects.filter(parent=None).order_by("pk").first()
    translation.activate("zh-hans")
    scope = scope_for(station)
    # Warm imports and the fixed parts, not measured: the period's last day scores the same year to date.
    workbook_bytes(quarterly_workbook(Period(period.end, period.end), scope))
    with tempfile.TemporaryFile() as handle:
        baseline = _rss_mb()
        started = time.monotonic()
        quarterly_workbook(period, scope).save(handle)
        seconds = time.monotonic() - started
        peak = _rss_mb() - baseline
        size = handle.tell()
        handle.seek(0)
        sheets = []
        for sheet in load_workbook(handle, read_only=True).worksheets:
            sheets.append((sheet.title, [list(row) for row in sheet.iter_rows(values_only=True)]))
    rows = sum(len(values) for _title, values in sheets)
    # The peak of what the export allocates, once more under tracemalloc (slower, so not timed): the resident
    # growth above depends on how far the warm-up's fixed parts (the scores) already raised the high-water.
    tracemalloc.start()
    with tempfile.TemporaryFile() as handle:
        quarterly_workbook(period, scope).save(handle)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    with tempfile.TemporaryFile() as handle:
        started = time.monotonic()
        plain = Workbook(write_only=True)
        for title, values in sheets:
            sheet = plain.create_sheet(title)
            for row in values:
                sheet.append(row)
        plain.save(handle)
        limit = time.monotonic() - started
    _write(
        out,
        {
            "scope": scope_name,
            "period": str(period.label),
            "rows": rows,
            "bytes": size,
            "seconds": round(seconds, 3),
            "peak_mb": round(peak, 1),
            "traced_peak_mb": round(traced / 2**20, 1),
            "limit_seconds": round(limit, 3),
        },
    )


def scoring(out):
    _setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from assessments.scoring import assign_ranks, year_scores
    from deputies.models import Deputy

    year = timezone.localdate().year
    year_scores(Deputy.objects.filter(pk=1), year)  # warm: rule sets exist, imports done
    with CaptureQueriesContext(connection) as queries:
        started = time.monotonic()
        scores, _rules = year_scores(Deputy.objects.all(), year)
        assign_ranks(scores)
        seconds = time.monotonic() - started
    _write(out, {"deputies": len(scores), "seconds": round(seconds, 3), "queries": len(queries)})


if __name__ == "__main__":
    step, *arguments = sys.argv[1:]
    if step == "imports":
        _setup()
        from bench.imports import run

        run(int(arguments[0]), arguments[1], _write)
    elif step == "reminders":
        _setup()
        from bench.reminders import run

        run(int(arguments[0]), arguments[1], arguments[2])
    else:
        {"build": build, "urls": urls, "workbook": workbook, "scoring": scoring}[step](*arguments)
