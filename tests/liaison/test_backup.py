"""`manage.py backup` and `manage.py restore` (liaison/backup.py): the demo street backed up, restored by a
`manage.py restore` subprocess into a new database (tests/scratch.py), and read back with plain SQL; and each
refusal: a non-empty database, a damaged archive, an archive of a newer release, no pg_dump."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from liaison.backup import backup_create, checksum_path
from tests.scratch import manage

REPO = Path(__file__).resolve().parents[2]
POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
# Tables whose every row is compared, not only counted: people, the loop's records, their timelines.
HASHED = [
    "liaison_user",
    "deputies_deputy",
    "voters_opinion",
    "suggestions_suggestion",
    "suggestions_suggestionevent",
]

pytestmark = pytest.mark.django_db(transaction=True)


def _table_hash(query, table):
    if POSTGRES:
        sql = f"SELECT md5(string_agg(t::text, E'\\n' ORDER BY t.id)) FROM \"{table}\" t"
        return query(sql)[0][0]
    # quote() gives each value's SQL literal: no type converter of Django's connection applies to it.
    columns = ", ".join(f'quote("{name}")' for _cid, name, *_rest in query(f'PRAGMA table_info("{table}")'))
    rows = query(f'SELECT {columns} FROM "{table}" ORDER BY id')
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _query_here(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def _counts_here():
    return {
        table: _query_here(f'SELECT COUNT(*) FROM "{table}"')[0][0]
        for table in connection.introspection.table_names()
    }


def test_the_demo_street_is_restored_into_a_new_database_with_every_row(
    demo_street, scratch_database, tmp_path
):
    default_storage.save("deputies/photos/portrait.jpg", ContentFile(b"a portrait"))
    archive = backup_create(directory=tmp_path / "backups")
    source_counts = _counts_here()
    source_hashes = {table: _table_hash(_query_here, table) for table in HASHED}
    assert source_counts["deputies_deputy"] > 100

    var_dir = tmp_path / "var"
    result = manage(REPO, var_dir, scratch_database, "restore", str(archive))

    assert result.returncode == 0, result.stderr[-3000:]
    assert scratch_database.counts() == source_counts
    assert {table: _table_hash(scratch_database.query, table) for table in HASHED} == source_hashes
    assert (var_dir / "media" / "deputies" / "photos" / "portrait.jpg").read_bytes() == b"a portrait"
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert manifest["row_counts"] == source_counts
    assert "deputies.0001_initial" in manifest["migrations"]
    # A second restore finds the database full and writes nothing.
    again = manage(REPO, var_dir, scratch_database, "restore", str(archive))
    assert again.returncode != 0
    assert "不是空的" in again.stderr
    assert scratch_database.counts() == source_counts


def test_a_restore_into_a_database_with_tables_is_refused(tmp_path):
    archive = backup_create(directory=tmp_path)
    before = _counts_here()
    with pytest.raises(CommandError, match="不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert _counts_here() == before


def test_a_damaged_archive_is_refused(tmp_path):
    archive = backup_create(directory=tmp_path)
    with archive.open("r+b") as handle:
        handle.seek(2000)
        byte = handle.read(1)
        handle.seek(2000)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(CommandError, match="校验"):
        call_command("restore", str(archive), stdout=io.StringIO())


def test_an_archive_of_a_newer_release_is_refused_before_anything_is_read(tmp_path, scratch_database):
    archive = backup_create(directory=tmp_path)
    with tarfile.open(archive) as tar:
        members = {member.name: tar.extractfile(member).read() for member in tar.getmembers()}
    manifest = json.loads(members["manifest.json"])
    manifest["migrations"].append("suggestions.9999_from_the_future")
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(archive, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    checksum_path(archive).write_text(f"{hashlib.sha256(archive.read_bytes()).hexdigest()}  {archive.name}\n")

    result = manage(REPO, tmp_path / "var", scratch_database, "restore", str(archive))

    assert result.returncode != 0
    assert "suggestions.9999_from_the_future" in result.stderr
    assert scratch_database.counts() == {}


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES, reason="pg_dump is used only when the site runs on PostgreSQL")
def test_a_backup_that_cannot_reach_pg_dump_says_so_and_exits_non_zero(tmp_path, scratch_database):
    empty = tmp_path / "no-tools"
    empty.mkdir()

    result = manage(REPO, tmp_path / "var", scratch_database, "backup", PG_BIN_DIR=str(empty))

    assert result.returncode != 0
    assert "pg_dump" in result.stderr
    assert str(empty) in result.stderr
    assert not list((tmp_path / "var" / "backups").glob("*.tar"))


@pytest.mark.skipif(POSTGRES, reason="the SQLite online copy is tested where the site runs on SQLite")
def test_on_sqlite_the_archive_holds_an_online_copy_of_the_database(tmp_path):
    archive = backup_create(directory=tmp_path)
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "database.sqlite3"} <= set(tar.getnames())
        copy = tar.extractfile("database.sqlite3").read()
    assert copy.startswith(b"SQLite format 3\x00")
