"""A database migrated on the previous release, with the demo street in it, migrates forward with every
row in place (the renovation moved models between apps with their tables: SeparateDatabaseAndState).

The previous release's code is taken from git history and run as it was, in a subprocess with its own
database (SQLite here, or a scratch PostgreSQL database when the suite runs on PostgreSQL); then this
release's `migrate` runs on the same database, and every table's row count and a few known rows are read
again with plain SQL. When a migration that moves rows lands, PREVIOUS_RELEASE moves to the release
before it."""

import os
import shutil
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

from liaison.notifications.kinds import KINDS
from tests.scratch import manage

REPO = Path(__file__).resolve().parent.parent
PREVIOUS_RELEASE = "ce15656e715fb63c6a030113b9289055ba15e776"  # main before the rooms (issue 13)

# Tables whose rows this release's migrate may add to (its own bookkeeping), compared apart.
BOOKKEEPING = {"django_migrations", "django_content_type", "auth_permission"}
# Tables whose rows moved into another table, checked row by row apart: the preferences became recipients,
# the excellent deputies selected commendations (issue 16).
REPLACED = {"liaison_notificationpreference", "assessments_excellentdeputy"}
EXCELLENT_BEFORE = (
    "SELECT year, deputy_id, selected_by_id FROM assessments_excellentdeputy ORDER BY year, deputy_id"
)
EXCELLENT_AFTER = (
    "SELECT year, deputy_id, decided_by_id FROM assessments_commendation"
    " WHERE kind = 'deputy' AND status = 'selected' ORDER BY year, deputy_id"
)
# Tables this release's migrate may add rows to, checked row by row apart: a rule per kind of message it
# knows that the previous release did not (liaison/apps.py runs ensure_rules after migrate).
GROWN = {"liaison_reminderrule"}
RULES = (
    "SELECT kind, enabled, offsets, subject_template, body_template FROM liaison_reminderrule ORDER BY kind"
)

RECEPTION_VISITS = (
    "SELECT a.id, SUM(v.voters_met) FROM liaison_activity a JOIN liaison_visit v ON v.activity_id = a.id"
    " WHERE a.kind = 'reception' GROUP BY a.id HAVING SUM(v.voters_met) > 0 ORDER BY a.id"
)
DAYS_VOTERS = (
    "SELECT id, voters_received FROM liaison_activity WHERE kind = 'reception' AND voters_received > 0"
    " ORDER BY id"
)
VOTERS_RECEIVED = (
    "SELECT (SELECT SUM(voters_received) FROM liaison_activity WHERE kind = 'reception'"
    " AND status <> 'cancelled') + (SELECT SUM(v.voters_met) FROM liaison_visit v"
    " LEFT JOIN liaison_activity a ON a.id = v.activity_id"
    " WHERE a.id IS NULL OR a.kind <> 'reception' OR a.status = 'cancelled')"
)


def _previous_release(target):
    """Unpack the previous release into `target`, or skip where no git history is at hand (CI has it)."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", PREVIOUS_RELEASE],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the previous release is not in this checkout's git history ({error})")
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")


def _manage(tree, var_dir, scratch_database, *args):
    result = manage(tree, var_dir, scratch_database, *args)
    assert result.returncode == 0, f"manage.py {' '.join(args)} in {tree} failed:\n{result.stderr[-3000:]}"


def test_a_database_of_the_previous_release_migrates_forward_with_every_row(tmp_path, scratch_database):
    old_tree = tmp_path / "previous"
    _previous_release(old_tree)
    var_dir = tmp_path / "var"
    _manage(old_tree, var_dir, scratch_database, "migrate", "--noinput", "-v", "0")
    _manage(old_tree, var_dir, scratch_database, "demo_data")
    before = scratch_database.counts()
    activity = scratch_database.query("SELECT id, title, status FROM liaison_activity ORDER BY id LIMIT 1")
    holiday = scratch_database.query("SELECT date, name FROM suggestions_holiday ORDER BY date")
    tied = scratch_database.query(
        "SELECT id, activity_id FROM liaison_notification WHERE activity_id IS NOT NULL"
    )
    addressed = scratch_database.query("SELECT id, user_id FROM liaison_notification ORDER BY id")
    # The demo sets no preferences: one for an account with messages, one for an account without.
    silent = scratch_database.query(
        "SELECT id FROM liaison_user WHERE id NOT IN (SELECT user_id FROM liaison_notification) ORDER BY id"
    )[0][0]
    for user, choice in ((addressed[0][1], (False, True, True)), (silent, (True, False, False))):
        scratch_database.execute(
            "INSERT INTO liaison_notificationpreference (user_id, email, sms, daily_digest) VALUES (%s, %s, %s, %s)",
            (user, *choice),
        )
    preferences = scratch_database.query(
        "SELECT user_id, email, sms, daily_digest FROM liaison_notificationpreference ORDER BY user_id"
    )
    deputy_accounts = scratch_database.query(
        "SELECT d.user_id, d.id, d.phone FROM deputies_deputy d JOIN liaison_notification n ON n.user_id = d.user_id"
        " GROUP BY d.user_id, d.id, d.phone ORDER BY d.user_id"
    )
    rules = scratch_database.query(RULES)
    # The demo of that release logs no visit for a reception day: a few are tied to two of its days.
    days = scratch_database.query(
        "SELECT id FROM liaison_activity WHERE kind = 'reception' AND status = 'done'"
    )
    for day, first in ((days[0][0], 0), (days[1][0], 3)):
        scratch_database.execute(
            "UPDATE liaison_visit SET activity_id = %s, kind = 'reception'"
            " WHERE id IN (SELECT id FROM liaison_visit ORDER BY id LIMIT 3 OFFSET %s)",
            (day, first),
        )
    visits_of_days = scratch_database.query(RECEPTION_VISITS)
    voters_before = scratch_database.query("SELECT SUM(voters_met) FROM liaison_visit")[0][0]
    excellent = scratch_database.query(EXCELLENT_BEFORE)
    shutil.rmtree(old_tree)

    _manage(REPO, var_dir, scratch_database, "migrate", "--noinput", "-v", "0")
    after = scratch_database.counts()

    kept = {table: count for table, count in before.items() if table not in BOOKKEEPING | REPLACED | GROWN}
    assert {table: after.get(table) for table in kept} == kept
    # Every excellent deputy staff had selected is a selected commendation of its year.
    assert excellent and scratch_database.query(EXCELLENT_AFTER) == excellent
    rules_now = scratch_database.query(RULES)
    assert rules and set(rules) <= set(rules_now)
    assert {kind for kind, *_rule in rules_now} - {kind for kind, *_rule in rules} <= set(KINDS)
    assert before["liaison_activity"] > 50 and before["voters_opinion"] > 100 and tied
    assert (
        scratch_database.query("SELECT id, title, status FROM liaison_activity ORDER BY id LIMIT 1")
        == activity
    )
    assert scratch_database.query("SELECT date, name FROM suggestions_holiday ORDER BY date") == holiday
    # The demo's typed 2026 holidays agree with the State Council's schedule, so they are marked official
    # (a later load may complete them); none is left without a source.
    sources = dict(scratch_database.query("SELECT source, COUNT(*) FROM suggestions_holiday GROUP BY source"))
    assert sources.get("official", 0) > 0 and set(sources) <= {"official", "staff"}
    activity_type = scratch_database.query(
        "SELECT id FROM django_content_type WHERE app_label = 'activities' AND model = 'activity'"
    )[0][0]
    assert scratch_database.query(
        "SELECT id, about_id FROM liaison_notification WHERE about_type_id = %s ORDER BY id", (activity_type,)
    ) == sorted(tied)
    # Every message kept, now addressed to the recipient of the account it was for; the preferences and
    # the deputies' records carried over to those recipients.
    assert addressed and deputy_accounts
    assert (
        scratch_database.query(
            "SELECT n.id, r.user_id FROM liaison_notification n"
            " JOIN notifications_recipient r ON r.id = n.recipient_id ORDER BY n.id"
        )
        == addressed
    )
    chosen = {
        user: (bool(email), bool(sms), bool(digest))
        for user, email, sms, digest in scratch_database.query(
            "SELECT user_id, by_email, by_sms, daily_digest FROM notifications_recipient"
        )
    }
    assert len(preferences) == 2
    assert [chosen[user] for user, *_values in preferences] == [
        (bool(email), bool(sms), bool(digest)) for _user, email, sms, digest in preferences
    ]
    deputy_type = scratch_database.query(
        "SELECT id FROM django_content_type WHERE app_label = 'deputies' AND model = 'deputy'"
    )[0][0]
    recipients_of_deputies = scratch_database.query(
        "SELECT user_id, person_id, mobile FROM notifications_recipient WHERE person_type_id = %s"
        " ORDER BY user_id",
        (deputy_type,),
    )
    assert recipients_of_deputies == deputy_accounts  # the demo's deputies have mobiles, kept in E.164
    # The activities' keys name the recipient now, so planning again finds the same message.
    keyed = "kind IN ('activity_invitation', 'activity_upcoming') AND dedupe_key IS NOT NULL"
    assert scratch_database.query(f"SELECT COUNT(*) FROM liaison_notification WHERE {keyed}")[0][0] > 0
    assert scratch_database.query(
        f"SELECT COUNT(*) FROM liaison_notification WHERE {keyed} AND dedupe_key NOT LIKE %s || recipient_id",
        ("%:r",),
    ) == [(0,)]
    # A reception day records its voters now (issue 18): each starts with the voters of its visits, and
    # voters received (liaison/activities/figures.py) add up as the visits' sum did.
    assert len(visits_of_days) == 2 and voters_before
    assert scratch_database.query(DAYS_VOTERS) == visits_of_days
    assert scratch_database.query(VOTERS_RECEIVED)[0][0] == voters_before
    moved_labels = scratch_database.query(
        "SELECT app_label, model FROM django_content_type WHERE model IN ('activity', 'notification', 'holiday')"
    )
    assert sorted(moved_labels) == [
        ("activities", "activity"),
        ("liaison", "holiday"),
        ("notifications", "notification"),
    ]
    # Every liaison station now lies in one street of one district, and every account still sees what it
    # saw: none was given a jurisdiction.
    assert scratch_database.query(
        "SELECT COUNT(*) FROM liaison_station s JOIN liaison_jurisdiction street ON street.id = s.jurisdiction_id"
        " JOIN liaison_jurisdiction district ON district.id = street.parent_id"
        " WHERE s.kind = 'station' AND street.level = 'street' AND district.level = 'district'"
        " AND street.path = district.path || street.id || '/'"
    ) == scratch_database.query("SELECT COUNT(*) FROM liaison_station WHERE kind = 'station'")
    assert scratch_database.query("SELECT COUNT(*) FROM liaison_station WHERE kind <> 'station'")[0][0] > 0
    assert scratch_database.query(
        "SELECT COUNT(*) FROM liaison_station WHERE kind <> 'station' AND jurisdiction_id IS NOT NULL"
    ) == [(0,)]
    assert scratch_database.query("SELECT COUNT(*) FROM liaison_user WHERE jurisdiction_id IS NOT NULL") == [
        (0,)
    ]
