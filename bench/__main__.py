"""`python -m bench`: build both datasets, measure, write bench/results/latest.{md,json} and print the table.

Every page is measured with its response's bytes, and beside two floors: a trivial page in our base template
and a bare HttpResponse behind the same login and middleware (bench/urls.py). The part `peer` installs
django-helpdesk, the latest release on PyPI, with our Django, gunicorn and psycopg where it allows, in its own
virtual environment <BENCH_WORKDIR>/peer-venv (pip's output in peer-pip.log there; never a dependency of the
product), builds its database <BENCH_DB_PREFIX>peer on the same server (200,000 tickets and 400,000
follow-ups, times BENCH_SCALE; bench/peer_site/), serves it with our gunicorn settings and measures its ticket
list (shell and rows' JSON), ticket detail, dashboard and floors in alternating rounds with our nearest pages
(bench/pages.py, PEER_PAGES). `BENCH_PARTS=peer` runs it alone, with only those pages of ours, e.g.
`BENCH_SCALE=0.01 BENCH_PARTS=peer python -m bench street` (or, with BENCH_KEEP, BENCH_REUSE and the same
BENCH_WORKDIR, against the city built last time: `python -m bench city`).

Environment:
  BENCH_POSTGRES_URL  server to create the two databases on (default postgres://postgres@127.0.0.1:5432/postgres)
  BENCH_REDIS_URL     Redis database of the street's site and its reminder worker (default redis://127.0.0.1:6379/7);
                      the city's is the next database (8). Each is emptied when its scale starts, so no page
                      is served from another scale's cache or from an earlier run's
  BENCH_SCALE         factor on the city's sizes for quick runs (default 1: the full city)
  BENCH_REQUESTS      requests per page at concurrency 1 (default 40; twice as many at concurrency 8)
  BENCH_REMINDERS     reminders dispatched (default 10000)
  BENCH_PARTS         which measurements (default pages,peer,scoring,workbooks,reminders,imports)
  BENCH_IMPORT_ROWS   rows of the opinions workbooks imported into the city (default 500,5000)
  BENCH_DB_PREFIX     database names (default liaison_bench_, i.e. liaison_bench_street, liaison_bench_city and
                      the peer's liaison_bench_peer)
  BENCH_KEEP=1        keep the databases afterwards (for a look with psql)
  BENCH_WORKDIR       where logs and intermediate results go (default: a new temporary directory)
  BENCH_REUSE=1       with BENCH_KEEP and the same BENCH_WORKDIR: reuse the databases (and the peer's) built last time
                      (migrations still run, so new indexes apply); for working on a fix, not for results
"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis

from bench import load, report
from bench.pages import PEER_PAGES
from bench.peer import Peer
from bench.server import ROOT, Server, drop, recreate, url_with_db

RESULTS = ROOT / "bench" / "results"
PREFIX = os.environ.get("BENCH_DB_PREFIX", "liaison_bench_")
DATABASES = {"street": f"{PREFIX}street", "city": f"{PREFIX}city"}


def _redis_url(scale):
    """One Redis database per scale, as one per deployment (README, Configuration): the two sites' caches
    share key names, and with one database the city's dashboard could be the street's, cached."""
    parts = urlsplit(os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"))
    number = int(parts.path.strip("/") or 0) + list(DATABASES).index(scale)
    return urlunsplit(parts._replace(path=f"/{number}"))


def _env(database_url, redis_url, workdir, **extra):
    return {
        "VAR_DIR": str(Path(workdir) / "var"),
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "bench-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
        # The steps resolve the floor page of bench/urls.py, so they run on the site as the bench serves it.
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        **extra,
    }


def _run(args, env, log):
    log(f"$ {' '.join(args)}")
    subprocess.run([sys.executable, *args], cwd=ROOT, env=env, check=True)


def _log_result(log, who, name, concurrency, result):
    log(
        f"  {who:<6} {name:<28} c={concurrency} {result['rps']:>6} rps"
        f"  p50 {result['p50']:>7} ms  p95 {result['p95']:>7} ms"
        f"  queries {result['queries']} bytes {result['bytes']} status {result['statuses']}"
    )


def _pages(prepared, workdir, requests, log, peer=None, names=None):
    """Every page at every scale (or those in names), with one server per scale up at the same time and the
    scales measured in alternating rounds (bench/load.py), so that a busy machine slows both alike and the
    ratios hold; with the peer, its page of the same job joins the rounds of ours. Returns ours per scale,
    and the peer's pages."""
    servers = {}
    results = {scale: {} for scale in prepared}
    peer_results = {}
    try:
        for scale, (env, _built) in prepared.items():
            servers[scale] = Server(env, workdir)
        peer_pages = {}
        if peer:
            servers["peer"] = peer.serve()
            peer_pages = peer.pages()
        first = next(iter(prepared.values()))[1]
        for number, page in enumerate(first["pages"]):
            if names is not None and page["name"] not in names:
                continue
            targets = []
            for scale, (_env, built) in prepared.items():
                mine = built["pages"][number]
                sessions = built["sessions"][mine["role"]] if mine["role"] else []
                targets.append((servers[scale].port, mine["url"], sessions))
                results[scale][page["name"]] = {"url": mine["url"]}
            theirs = peer_pages.get(page["name"])
            if theirs:
                targets.append((servers["peer"].port, theirs["url"], theirs["sessions"]))
                peer_results[theirs["name"]] = {"url": theirs["url"], "nearest": page["name"]}
            for concurrency, count in ((1, requests), (8, requests * 2)):
                measured = load.measure(targets, concurrency=concurrency, requests=count)
                for scale, result in zip(prepared, measured, strict=False):
                    results[scale][page["name"]][f"c{concurrency}"] = result
                    _log_result(log, scale, page["name"], concurrency, result)
                if theirs:
                    peer_results[theirs["name"]][f"c{concurrency}"] = measured[-1]
                    _log_result(log, "peer", theirs["name"], concurrency, measured[-1])
    finally:
        for server in servers.values():
            server.stop()
    return results, peer_results


def _step(name, args, env, workdir, log):
    out = Path(workdir) / f"{name}.json"
    _run(["-m", "bench.tasks", *args, str(out)], env, log)
    return json.loads(out.read_text(encoding="utf-8"))


def main():
    # A SIGTERM unwinds like Ctrl-C, so the server and workers started here are always stopped.
    signal.signal(signal.SIGTERM, lambda *_args: sys.exit(143))
    started = time.monotonic()
    admin_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    factor = os.environ.get("BENCH_SCALE", "1")
    requests = int(os.environ.get("BENCH_REQUESTS", "40"))
    reminders = int(os.environ.get("BENCH_REMINDERS", "10000"))
    only = sys.argv[1:] or ["street", "city"]
    parts = os.environ.get("BENCH_PARTS", "pages,peer,scoring,workbooks,reminders,imports").split(",")

    def log(line):
        print(line, flush=True)

    results = {"scale_factor": float(factor), "started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "scales": {}}
    workdir = os.environ.get("BENCH_WORKDIR") or tempfile.mkdtemp(prefix="liaison-bench-")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    prepared = {}
    for scale in only:
        name = DATABASES[scale]
        env = _env(url_with_db(admin_url, name), _redis_url(scale), workdir)
        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
        log(f"== {scale}: database {name}, Redis {env['REDIS_URL']}")
        built_file = Path(workdir) / f"build-{scale}.json"
        reuse = os.environ.get("BENCH_REUSE") and built_file.exists()
        if not reuse:
            recreate(admin_url, name)
        _run(["manage.py", "migrate", "--noinput", "-v", "0"], env, log)
        if reuse:
            _run(["-m", "bench.tasks", "urls", str(built_file)], env, log)
            built = json.loads(built_file.read_text(encoding="utf-8"))
        else:
            built = _step(
                f"build-{scale}", ["build", scale, factor if scale == "city" else "1"], env, workdir, log
            )
        log(f"  {built['total_rows']} rows, built in {built['seconds']} s")
        prepared[scale] = (env, built)
        results["scales"][scale] = {
            "dataset": {key: built[key] for key in ("scale", "seconds", "rows", "total_rows")}
        }
    _run(["manage.py", "collectstatic", "--noinput", "-v", "0"], env, log)
    peer = None
    try:
        if "peer" in parts:
            log(f"== peer: database {PREFIX}peer")
            peer = Peer(admin_url, workdir, PREFIX, log)
            built = peer.build(admin_url, factor, bool(os.environ.get("BENCH_REUSE")))
            results["peer"] = {key: built[key] for key in ("seconds", "rows", "total_rows", "versions")}
        if "pages" in parts or peer:
            log("== pages")
            # The peer alone measures only our pages it is compared with, and the floors.
            names = None if "pages" in parts else {nearest for _name, nearest, *_rest in PEER_PAGES}
            ours, theirs = _pages(prepared, workdir, requests, log, peer=peer, names=names)
            for scale, pages in ours.items():
                results["scales"][scale]["pages"] = pages
            if peer:
                results["peer"]["pages"] = theirs
        for scale, (env, _built) in prepared.items():
            measured = results["scales"][scale]
            log(f"== {scale}: scoring, workbooks, reminders")
            if "scoring" in parts:
                measured["scoring"] = _step(f"scoring-{scale}", ["scoring"], env, workdir, log)
                log(f"  scoring: {measured['scoring']}")
            runs = [("station", "quarter")] if scale == "street" else [
                ("station", "quarter"), ("city", "month"), ("city", "quarter"), ("city", "year")
            ]  # fmt: skip
            measured["workbooks"] = []
            for scope, period in runs if "workbooks" in parts else []:
                result = _step(
                    f"workbook-{scale}-{scope}-{period}", ["workbook", scope, period], env, workdir, log
                )
                measured["workbooks"].append(result)
                log(f"  workbook {scope} {period}: {result}")
            if scale == "city" and "reminders" in parts:
                measured["reminders"] = _step(
                    "reminders",
                    ["reminders", str(reminders), str(Path(workdir) / "reminders")],
                    env,
                    workdir,
                    log,
                )
                log(f"  reminders: {measured['reminders']}")
            if scale == "city" and "imports" in parts:
                measured["imports"] = []
                for rows in os.environ.get("BENCH_IMPORT_ROWS", "500,5000").split(","):
                    result = _step(f"imports-{rows}", ["imports", rows], env, workdir, log)
                    measured["imports"].append(result)
                    log(f"  import of {rows} opinions: {result}")
    finally:
        if not os.environ.get("BENCH_KEEP"):
            for scale in prepared:
                drop(admin_url, DATABASES[scale])
            if peer:
                drop(admin_url, peer.name)
    results["seconds"] = round(time.monotonic() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    table = report.markdown(results)
    (RESULTS / "latest.md").write_text(table, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
