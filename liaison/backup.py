"""One archive holds a whole deployment: the database (pg_dump's custom format on PostgreSQL, an online copy of the
file on SQLite), every uploaded file of the default storage, and a manifest (release, migrations applied, every
table's row count, when). A `.sha256` file beside it, in `sha256sum -c` format, lets anyone check it.

Restore refuses anything it cannot finish cleanly: a damaged archive, one from another engine or a newer release,
a database that already has tables, an uploaded file that exists with other contents. After restoring, the row
counts are compared with the manifest's."""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
DUMPS = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


def backup_create(*, directory, alias="default"):
    """Write the archive and its checksum file into `directory`; return the archive's path."""
    connection = connections[alias]
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    archive = directory / f"liaison-{connection.vendor}-{stamp}.tar"
    partial = archive.with_suffix(".tar.partial")
    with tempfile.TemporaryDirectory(dir=directory) as work:
        dump = Path(work) / DUMPS[_vendor(connection)]
        copy = _pg_dump if connection.vendor == "postgresql" else _sqlite_copy
        counts, migrations = copy(connection, dump)
        manifest = {
            "format": FORMAT,
            "release": metadata.version("liaison-station"),
            "engine": connection.vendor,
            "created_at": timezone.now().isoformat(),
            "migrations": migrations,
            "row_counts": counts,
            "media": [],
        }
        with tarfile.open(partial, "w") as tar:
            tar.add(dump, arcname=dump.name)
            for name in _storage_files(default_storage):
                with default_storage.open(name, "rb") as handle:
                    info = tarfile.TarInfo(MEDIA + name)
                    info.size = default_storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    tar.addfile(info, handle)
                manifest["media"].append(name)
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    partial.rename(archive)
    checksum_path(archive).write_text(f"{_sha256(archive)}  {archive.name}\n", encoding="ascii")
    return archive


def backup_restore(*, archive, alias="default"):
    """Restore the archive into the empty database `alias` and the default storage; return its manifest."""
    connection = connections[alias]
    archive = Path(archive)
    _check_checksum(archive)
    with tarfile.open(archive, "r") as tar, tempfile.TemporaryDirectory() as work:
        manifest = json.loads(_member(tar, MANIFEST).read())
        if manifest.get("format") != FORMAT or manifest.get("engine") != connection.vendor:
            raise BackupError(
                _("This archive holds a %(engine)s database; this site runs on %(vendor)s.")
                % {"engine": manifest.get("engine"), "vendor": connection.vendor}
            )
        _check_migrations(manifest["migrations"])
        tables = connection.introspection.table_names()
        if tables:
            raise BackupError(
                _(
                    "The database %(name)s is not empty (%(count)d tables): a restore goes only into an empty "
                    "database. Create a new database and point DATABASE_URL at it."
                )
                % {"name": connection.settings_dict["NAME"], "count": len(tables)}
            )
        media = _media_to_write(tar, manifest["media"])
        dump = Path(work) / DUMPS[_vendor(connection)]
        with _member(tar, dump.name) as source, dump.open("wb") as target:
            shutil.copyfileobj(source, target, CHUNK)
        if connection.vendor == "postgresql":
            _pg_restore(connection, dump)
        else:
            _sqlite_restore(connection, dump)
        for name in media:
            with _member(tar, MEDIA + name) as source:
                saved = default_storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(
                    _("The file %(name)s could not be restored under its own name.") % {"name": name}
                )
    counts = _row_counts(connection.cursor(), connection.introspection.table_names())
    if counts != manifest["row_counts"]:
        differ = sorted(
            t
            for t in set(counts) | set(manifest["row_counts"])
            if counts.get(t) != manifest["row_counts"].get(t)
        )
        raise BackupError(
            _("The restored tables differ from the archive's manifest: %(tables)s")
            % {"tables": ", ".join(differ)}
        )
    return manifest


def checksum_path(archive):
    return Path(archive).with_name(Path(archive).name + ".sha256")


def pg_tool(name):
    """pg_dump or pg_restore from PG_BIN_DIR, or else from PATH."""
    found = shutil.which(name, path=settings.PG_BIN_DIR or None)
    if not found:
        where = settings.PG_BIN_DIR or os.environ.get("PATH", "")
        raise BackupError(
            _(
                "%(tool)s was not found in %(where)s: install the PostgreSQL client of the server's version "
                "(apt-get install postgresql-client) or set PG_BIN_DIR to its folder."
            )
            % {"tool": name, "where": where}
        )
    return found


def _vendor(connection):
    if connection.vendor not in DUMPS:
        raise BackupError(
            _("Backups support PostgreSQL and SQLite, not %(vendor)s.") % {"vendor": connection.vendor}
        )
    return connection.vendor


def _pg_environment(connection):
    """libpq's variables, so that no password shows in the process list."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return env


def _run(command, connection):
    result = subprocess.run(
        command, env=_pg_environment(connection), capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise BackupError(
            _("%(tool)s failed: %(error)s")
            % {"tool": Path(command[0]).name, "error": result.stderr.strip()[-2000:]}
        )


def _pg_dump(connection, dump):
    """Dump and count inside one exported snapshot, so the manifest's counts are the dump's."""
    tool = pg_tool("pg_dump")
    snapshot_holder = connections.create_connection(connection.alias)
    try:
        with snapshot_holder.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = snapshot_holder.introspection.table_names(cursor)
            counts, migrations = _row_counts(cursor, tables), _applied(cursor)
            _run(
                [
                    tool,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={dump}",
                ],
                connection,
            )
            cursor.execute("COMMIT")
    finally:
        snapshot_holder.close()
    return counts, migrations


def _pg_restore(connection, dump):
    tool = pg_tool("pg_restore")
    connection.close()  # pg_restore writes on its own connection; ours must not hold an open transaction
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ],
        connection,
    )


def _sqlite_copy(connection, dump):
    """SQLite's online backup: a consistent copy while the site keeps running."""
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        cursor = target.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return _row_counts(cursor, tables), _applied(cursor)
    finally:
        target.close()


def _sqlite_restore(connection, dump):
    connection.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _row_counts(cursor, tables):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # names come from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def _applied(cursor):
    cursor.execute(f'SELECT app, name FROM "{MigrationRecorder.Migration._meta.db_table}" ORDER BY app, name')
    return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _check_migrations(applied):
    """A release knows the migrations of every earlier one: an archive naming others comes from a newer release."""
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(applied) - known)
    if unknown:
        raise BackupError(
            _(
                "This archive comes from a newer release (migrations this one lacks: %(names)s); install that release first."
            )
            % {"names": ", ".join(unknown[:5])}
        )


def _media_to_write(tar, names):
    """The files to restore; one that exists already must hold the same bytes, or nothing is written."""
    to_write = []
    for name in names:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            raise BackupError(_("The archive names a file outside the uploads: %(name)s") % {"name": name})
        if not default_storage.exists(name):
            to_write.append(name)
            continue
        with default_storage.open(name, "rb") as existing, _member(tar, MEDIA + name) as archived:
            if _digest(existing) != _digest(archived):
                raise BackupError(
                    _(
                        "The uploaded file %(name)s already exists with other contents: restore into empty storage."
                    )
                    % {"name": name}
                )
    return to_write


def _storage_files(storage, folder=""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # a site nobody uploaded to yet has no media folder
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for directory in sorted(directories):
        yield from _storage_files(storage, f"{folder}/{directory}" if folder else directory)


def _member(tar, name):
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BackupError(
            _("The archive lacks %(name)s: it is not a backup of this application.") % {"name": name}
        )
    return handle


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _check_checksum(archive):
    if not archive.is_file():
        raise BackupError(_("No archive at %(path)s.") % {"path": archive})
    check = checksum_path(archive)
    if not check.is_file():
        raise BackupError(_("The checksum file %(path)s is missing.") % {"path": check})
    expected = check.read_text(encoding="ascii").split()[0]
    if _sha256(archive) != expected:
        raise BackupError(
            _("The archive %(path)s does not match its checksum: it is damaged.") % {"path": archive}
        )


def _digest(handle):
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(CHUNK), b""):
        digest.update(block)
    return digest.hexdigest()


def _sha256(path):
    with Path(path).open("rb") as handle:
        return _digest(handle)
