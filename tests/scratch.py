"""A scratch database beside the test database, read and written with plain SQL (no models), and
`manage.py` run on it in a subprocess: SQLite under a temporary VAR_DIR, or a new PostgreSQL database on the
test database's server when the suite runs on PostgreSQL."""

import os
import sqlite3
import subprocess
import sys
import uuid

import psycopg
from django.conf import settings


class Database:
    """The scratch database both releases run on, read with plain SQL (no models of either release)."""

    def __init__(self, tmp_path):
        self.postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
        if self.postgres:
            server = {key: settings.DATABASES["default"][key] for key in ("HOST", "PORT", "USER", "PASSWORD")}
            self.admin_dsn = psycopg.conninfo.make_conninfo(
                host=server["HOST"] or "127.0.0.1",
                port=server["PORT"] or 5432,
                user=server["USER"],
                password=server["PASSWORD"] or None,
                dbname="postgres",
            )
            self.name = f"liaison_forward_{uuid.uuid4().hex[:8]}"
            with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
                connection.execute(f'CREATE DATABASE "{self.name}"')
            self.dsn = psycopg.conninfo.make_conninfo(self.admin_dsn, dbname=self.name)
            user = server["USER"] or ""
            password = f":{server['PASSWORD']}" if server["PASSWORD"] else ""
            at = "@" if user else ""
            self.url = f"postgres://{user}{password}{at}{server['HOST'] or '127.0.0.1'}:{server['PORT'] or 5432}/{self.name}"
        else:
            self.path = tmp_path / "var" / "db.sqlite3"
            self.url = ""

    def query(self, sql, params=()):
        if self.postgres:
            with psycopg.connect(self.dsn) as connection:
                return connection.execute(sql, params).fetchall()
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql.replace("%s", "?"), params).fetchall()

    def execute(self, sql, params=()):
        if self.postgres:
            with psycopg.connect(self.dsn) as connection:
                connection.execute(sql, params)
            return
        with sqlite3.connect(self.path) as connection:
            connection.execute(sql.replace("%s", "?"), params)

    def tables(self):
        if self.postgres:
            rows = self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        else:
            rows = self.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        return sorted(name for (name,) in rows)

    def counts(self):
        return {table: self.query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in self.tables()}

    def drop(self):
        if self.postgres:
            with psycopg.connect(self.admin_dsn, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def manage(tree, var_dir, database, *args, **extra_environment):
    """`manage.py ARGS` of the tree at `tree` in a subprocess on the scratch database; the finished process."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL", "VAR_DIR"}
    }
    environment["VAR_DIR"] = str(var_dir)
    environment["DJANGO_SETTINGS_MODULE"] = "liaison.settings"
    if database.url:
        environment["DATABASE_URL"] = database.url
    environment.update(extra_environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
