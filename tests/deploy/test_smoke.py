"""The production recipe of deploy/ (README, Production topology), run for real: collectstatic, gunicorn with
DJANGO_DEBUG=0, a Celery worker and beat on PostgreSQL and Redis; each role logs in through the login form and
loads its home page and the page's stylesheet. Each process is a group the test starts and ends by its pid."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import global_settings

from liaison.models import User
from tests.liaison.factories import UserFactory
from tests.processes import database_url_for_processes, shared_services_only

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "smoke-Test-2026"

pytestmark = shared_services_only(
    "the production smoke test runs gunicorn, a worker and beat on PostgreSQL and Redis"
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(message)


def _port_open(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class Production:
    """deploy/liaison.env.example's settings, on a temporary VAR_DIR and the test database."""

    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.processes = []
        self.env = {
            **{key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "smoke-test-secret-key-long-and-random-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url_for_processes(),
            "DB_CONN_MAX_AGE": "60",
            "VAR_DIR": str(tmp_path / "var"),
            # As behind deploy/nginx/liaison.conf, which terminates TLS and says so in this header.
            "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO",
            "DJANGO_SETTINGS_MODULE": "liaison.settings",
        }

    def run(self, *args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr[-3000:]

    def start(self, name, command):
        with (self.tmp_path / f"{name}.log").open("ab") as log:
            process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.processes.append(process)
        return process

    def wait_ready(self, name, process, ready):
        """The processes start side by side; each is then waited for (its log or its port)."""
        log_path = self.tmp_path / f"{name}.log"
        _wait(lambda: process.poll() is not None or ready(log_path), 90, f"{name} did not start")
        assert process.poll() is None, log_path.read_text(errors="replace")[-3000:]

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


class Browser:
    """A client as behind the TLS proxy: https in the headers, and the secure cookies sent by hand."""

    def __init__(self, base):
        self.base = base
        self.cookies = {}
        self.client = httpx.Client(base_url=base, timeout=20)

    def request(self, method, path, **kwargs):
        headers = {"X-Forwarded-Proto": "https", "Origin": "https://" + self.base.split("//")[1]}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = self.client.request(method, path, headers=headers, **kwargs)
        self.cookies.update(dict(response.cookies.items()))
        return response

    def log_in(self, username):
        form = self.request("GET", "/accounts/login/")
        assert form.status_code == 200, form.text[:500]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
        data = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        answer = self.request("POST", "/accounts/login/", data=data)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]


@pytest.fixture
def production(tmp_path):
    production = Production(tmp_path)
    try:
        yield production
    finally:
        production.stop()


@pytest.fixture
def role_users(settings, station, handling_unit, deputy_user):
    # The production hasher, which the server checks passwords with (the tests' fast one is not in its list).
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    users = [
        User.objects.get(username="deputy"),
        UserFactory(username="officer", role=User.Role.OFFICER, stations=[station]),
        UserFactory(username="staff", role=User.Role.STAFF),
        UserFactory(username="unit", role=User.Role.UNIT, handling_unit=handling_unit),
        UserFactory(username="admin", role=User.Role.ADMIN),
    ]
    for user in users:
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return [user.username for user in users]


def test_gunicorn_worker_and_beat_serve_every_role_with_debug_off(production, role_users, tmp_path):
    production.run("collectstatic", "--noinput", "-v", "0")
    port = _free_port()
    command = [sys.executable, "-m"]
    web = production.start(
        "web", [*command, "gunicorn", "liaison.wsgi", "--bind", f"127.0.0.1:{port}", "-w", "2"]
    )
    worker = production.start(
        "worker", [*command, "celery", "-A", "liaison", "worker", "-c", "1", "-l", "INFO"]
    )
    beat = production.start(
        "beat",
        [*command, "celery", "-A", "liaison", "beat", "-l", "INFO", "-s", str(tmp_path / "beat-schedule")],
    )
    production.wait_ready("web", web, lambda _log: _port_open(port))
    production.wait_ready("worker", worker, lambda log: b" ready." in log.read_bytes())
    production.wait_ready("beat", beat, lambda log: b"beat: Starting" in log.read_bytes())

    for username in role_users:
        browser = Browser(f"http://127.0.0.1:{port}")
        home = browser.request("GET", browser.log_in(username))
        assert home.status_code == 200, (username, home.text[:500])
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home.text)
        assert stylesheet, (username, "no hashed stylesheet: collectstatic's manifest is not in use")
        css = browser.request("GET", stylesheet.group(1))
        assert css.status_code == 200
        assert "max-age" in css.headers.get("Cache-Control", "")
