"""What the bench serves from: its PostgreSQL databases, and gunicorn with the same settings for our site and
for the peer (bench/peer.py)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent


def url_with_db(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def recreate(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def drop(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with several workers, DEBUG off (the settings in env say so), on 127.0.0.1, its database
    connections kept for a minute; ours counts queries in a response header (bench/middleware.py), and so
    does the peer. python and app name the environment and the WSGI module: ours by default."""

    def __init__(self, env, workdir, *, python=sys.executable, app="liaison.wsgi"):
        self.port = _free_port()
        self.log_path = Path(workdir) / f"gunicorn-{self.port}.log"
        self.process = subprocess.Popen(
            [str(python), "-m", "gunicorn", app, "--bind", f"127.0.0.1:{self.port}",
             "--workers", "4", "--worker-class", "gthread", "--threads", "2", "--keep-alive", "30",
             "--timeout", "120"],
            cwd=ROOT, env={**env, "DB_CONN_MAX_AGE": "60"},
            stdout=open(self.log_path, "ab"), stderr=subprocess.STDOUT, start_new_session=True,  # noqa: SIM115
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    break
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(self.log_path.read_text(errors="replace")[-3000:])
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            self.process.wait(timeout=30)
