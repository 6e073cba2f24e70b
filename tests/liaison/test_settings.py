"""The project's settings: production refuses to start unsafe, passes the deploy check, and every periodic
job is a task."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from liaison.celery import app

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-with-many-different-characters-0123456789",
    "ALLOWED_HOSTS": "liaison.example.gov.cn",
}


def manage(*args, env):
    # DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' own; no deployment sets it.
    ignored = {"DJANGO_DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {key: value for key, value in os.environ.items() if key not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", env={**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_embedded_default_fails_the_deploy_check():
    """The local defaults are for a laptop: the check must say so, or it could not catch a bad deployment."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={"DJANGO_DEBUG": "1"})
    assert result.returncode != 0


def test_every_periodic_job_is_a_registered_task():
    app.loader.import_default_modules()
    for name, job in settings.CELERY_BEAT_SCHEDULE.items():
        assert job["task"] in app.tasks, name


def database_connection_settings(**env):
    show = "from django.db import connection as c; print(c.settings_dict['CONN_MAX_AGE'], c.settings_dict['CONN_HEALTH_CHECKS'])"
    result = manage(
        "shell", "-c", show, env={"DATABASE_URL": "postgres://liaison@127.0.0.1:5432/liaison", **env}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1].split()  # after "N objects imported automatically"


def test_runserver_closes_each_connection_and_gunicorn_keeps_them_if_told():
    """runserver opens a thread per request: a connection kept by each would exhaust PostgreSQL."""
    assert database_connection_settings(DB_CONN_MAX_AGE="") == ["0", "True"]
    assert database_connection_settings(DB_CONN_MAX_AGE="60") == ["60", "True"]


def test_uploads_go_to_an_s3_compatible_bucket_when_configured():
    s3 = {"MEDIA_BACKEND": "s3", "S3_BUCKET": "liaison-uploads", "S3_ENDPOINT_URL": "http://127.0.0.1:9000"}
    show = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.file_overwrite, s.querystring_auth)"
    )
    result = manage("shell", "-v", "0", "-c", show, env=s3)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "liaison-uploads", "http://127.0.0.1:9000", "False", "True"]
    assert "S3_BUCKET must be set" in manage("check", env={**s3, "S3_BUCKET": ""}).stderr
    assert "MEDIA_BACKEND must be" in manage("check", env={"MEDIA_BACKEND": "ftp"}).stderr
