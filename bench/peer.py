"""The peer in the same run (issue 19): django-helpdesk, the latest release on PyPI, in its own virtual
environment under the bench's work folder (never a dependency of the product), with the same Django, gunicorn
and psycopg as ours where the release allows; its minimal project is bench/peer_site/. It gets its own
database on the same server, 200,000 tickets with 400,000 follow-ups (times BENCH_SCALE) and sessions of a
staff user, and is served with our gunicorn settings (bench/server.py)."""

import http.client
import json
import os
import re
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

from bench.pages import PEER_LIST_ROWS
from bench.server import ROOT, Server, recreate, url_with_db

PACKAGE = "django-helpdesk"
ROWS_JSON = re.compile(r"""["'](/[^"'\s]*datatables_ticket_list/[^"'\s]*)["']""")


def _latest(python):
    """The newest release the index offers (pip's own look-up), so that pins of ours never pick an older one."""
    answer = subprocess.run(
        [python, "-m", "pip", "index", "versions", "--disable-pip-version-check", PACKAGE],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.search(rf"{PACKAGE} \(([^)]+)\)", answer).group(1)


def install(workdir, log):
    """The environment, made once per work folder and brought up to the latest release on each run; pip's
    output goes to peer-pip.log there."""
    venv = Path(workdir) / "peer-venv"
    python = str(venv / "bin" / "python")
    if not Path(python).exists():
        log(f"$ python -m venv {venv}")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    release = f"{PACKAGE}=={_latest(python)}"
    same = [f"gunicorn=={version('gunicorn')}", f"psycopg[binary]=={version('psycopg')}"]
    with open(Path(workdir) / "peer-pip.log", "a", encoding="utf-8") as out:
        pip = [python, "-m", "pip", "install", "--disable-pip-version-check"]
        log(f"$ pip install {release} Django=={version('Django')} {' '.join(same)}")
        answer = subprocess.run(
            [*pip, release, f"Django=={version('Django')}", *same], stdout=out, stderr=out
        )
        if answer.returncode:
            log("  that release does not run on our Django: installing the Django it asks for")
            subprocess.run([*pip, release, *same], stdout=out, stderr=out, check=True)
    return python


class Peer:
    def __init__(self, admin_url, workdir, prefix, log):
        self.workdir, self.log = workdir, log
        self.name = f"{prefix}peer"
        self.python = install(workdir, log)
        self.env = {
            **os.environ,
            "DATABASE_URL": url_with_db(admin_url, self.name),
            "SECRET_KEY": "bench-only-secret-key-not-for-production",
            "DJANGO_SETTINGS_MODULE": "bench.peer_site.settings",
            "PYTHONPATH": str(ROOT),
        }

    def _run(self, *args):
        self.log(f"$ peer python {' '.join(args)}")
        subprocess.run([self.python, *args], cwd=ROOT, env=self.env, check=True)

    def build(self, admin_url, factor, reuse):
        """Migrate and load its dataset (or, with BENCH_REUSE, take the one built last time)."""
        built_file = Path(self.workdir) / "build-peer.json"
        reuse = reuse and built_file.exists()
        if not reuse:
            recreate(admin_url, self.name)
        self._run("-m", "django", "migrate", "--noinput", "-v", "0")
        if not reuse:
            self._run("-m", "bench.peer_site.build", factor, str(built_file))
        self.built = json.loads(built_file.read_text(encoding="utf-8"))
        self.log(
            f"  peer: {self.built['total_rows']} rows, built in {self.built['seconds']} s, {self.built['versions']}"
        )
        return self.built

    def serve(self):
        self.server = Server(self.env, self.workdir, python=self.python, app="bench.peer_site.wsgi")
        return self.server

    def pages(self):
        """The pages to measure, by the name of our nearest page: each with its URL (or, for the ticket list,
        its shell and the rows' JSON its datatable asks for, the URL read from the shell) and sessions."""
        sessions = self.built["sessions"]["staff"]
        pages = {}
        for page in self.built["pages"]:
            url = page["url"]
            if page["rows_json"]:
                url = [url, self._rows_json(url, sessions[0])]
            pages[page["nearest"]] = {**page, "url": url, "sessions": sessions}
        return pages

    def _rows_json(self, shell, session):
        connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
        try:
            connection.request("GET", shell, headers={"Cookie": f"sessionid={session}"})
            response = connection.getresponse()
            html = response.read().decode()
            found = ROWS_JSON.search(html)
            if response.status != 200 or not found:
                raise RuntimeError(f"the ticket list answered {response.status} without its datatable's URL")
            # What DataTables sends for a first page, at our lists' page size.
            url = f"{found.group(1)}?draw=1&start=0&length={PEER_LIST_ROWS}"
            connection.request("GET", url, headers={"Cookie": f"sessionid={session}"})
            response = connection.getresponse()
            rows = json.loads(response.read())
            self.log(
                f"  peer ticket list: {rows['recordsTotal']} open tickets, {len(rows['data'])} rows in the JSON"
            )
            return url
        finally:
            connection.close()
