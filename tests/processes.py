"""For the tests that start real processes (a Celery worker, gunicorn, beat) on the test database: they need
PostgreSQL and Redis, which other processes can share, and the test database's address to give them."""

import os

import pytest
from django.db import connection


def shared_services_only(reason):
    """The marks of a test whose processes share the test's PostgreSQL database and Redis."""
    return [
        pytest.mark.postgres,
        pytest.mark.django_db(transaction=True),
        pytest.mark.skipif(
            not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
            reason=reason,
        ),
    ]


def database_url_for_processes():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
