"""Migrations that change rows in place, run in this process from the migration before them: the one that
gives cases the policy in force (liaison/policies, issue 18 item 9) keeps every row and gives each case
begun before it the rule it behaves by today; policies and scoring rule sets gain their level; a deputies' home's kind is mended."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from liaison.policies.selectors import policy_in_force

BEFORE = [("activities", "0007_reception_voters"), ("suggestions", "0006_handling_units_in_the_network")]
AFTER = [("activities", "0008_policy_in_force"), ("suggestions", "0007_policy_in_force")]


@pytest.fixture(autouse=True)
def _back_to_the_latest():
    """The test leaves the database where every other test expects it: at the latest migrations."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("reassigns", "days_ahead"), [(True, 10), (False, 7)])
def test_cases_begun_before_policies_keep_the_settings_they_follow_today(settings, reassigns, days_ahead):
    settings.SUGGESTION_BASICALLY_SATISFIED_REASSIGNS = reassigns
    settings.RECEPTION_PUBLISH_DAYS_AHEAD = days_ahead
    old = _migrate(BEFORE)
    user = old.get_model("liaison", "User").objects.create(username="officer")
    deputy = old.get_model("deputies", "Deputy").objects.create(name="陈建国", gender="M", birth_year=1970)
    suggestions = [
        old.get_model("suggestions", "Suggestion").objects.create(
            title=f"建议{n}",
            content="增设公交站点",
            lead_deputy=deputy,
            created_by=user,
            status="replied",
            year=2026,
            sequence=n,
            number=f"2026-{n:03d}",
        )
        for n in (1, 2)
    ]
    starts = timezone.now() + timedelta(days=20)
    activity = old.get_model("activities", "Activity").objects.create(
        kind="reception",
        title="接待选民日",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="联络站",
        organiser=user,
    )

    new = _migrate(AFTER)
    Suggestion = new.get_model("suggestions", "Suggestion")
    assert list(Suggestion.objects.order_by("pk").values_list("pk", "basically_satisfied_reassigns")) == [
        (suggestion.pk, reassigns) for suggestion in suggestions
    ]
    Activity = new.get_model("activities", "Activity")
    assert list(Activity.objects.values_list("pk", "title", "publish_days_ahead")) == [
        (activity.pk, "接待选民日", days_ahead)
    ]


@pytest.mark.django_db(transaction=True)
def test_the_versions_set_before_levels_become_the_whole_deployments():
    old = _migrate([("liaison", "0015_policy")])
    OldPolicy = old.get_model("liaison", "Policy")
    staff = old.get_model("liaison", "User").objects.create(username="staff", role="staff")
    versions = [
        OldPolicy.objects.create(
            opinion_answer_days=days,
            opinion_answer_day_count="working",
            reception_publish_days_ahead=7,
            basically_satisfied_reassigns=False,
            note=f"第{days}号文件",
            set_by=staff,
            set_at=timezone.now() - timedelta(days=days),
        )
        for days in (10, 5)
    ]

    new = _migrate([("liaison", "0016_policy_by_jurisdiction")])
    Policy = new.get_model("liaison", "Policy")
    assert list(
        Policy.objects.order_by("pk").values_list("pk", "opinion_answer_days", "note", "jurisdiction")
    ) == [(version.pk, version.opinion_answer_days, version.note, None) for version in versions]
    # The latest of them stays the one in force everywhere.
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    assert policy_in_force().pk == versions[1].pk


@pytest.mark.django_db(transaction=True)
def test_a_deputies_home_made_with_the_slipped_kind_gets_the_one_kind_back():
    old = _migrate([("liaison", "0017_import_jobs")])
    Station = old.get_model("liaison", "Station")
    station = Station.objects.create(name="东湖街道人大代表联络站", kind="station")
    homes = [
        Station.objects.create(name=name, kind=kind, parent=station)
        for name, kind in (("代表之家", "home:home"), ("老代表之家", "home"))
    ]

    new = _migrate([("liaison", "0018_deputies_home_kind")])
    kinds = new.get_model("liaison", "Station").objects.order_by("pk").values_list("pk", "kind")
    assert list(kinds) == [(station.pk, "station")] + [(home.pk, "home") for home in homes]


@pytest.mark.django_db(transaction=True)
def test_rule_sets_saved_before_levels_become_the_whole_deployments():
    old = _migrate([("assessments", "0003_duty_record_event_imported")])
    old_set = old.get_model("assessments", "RuleSet").objects.create(year=2024, min_group_activities=5)
    old.get_model("assessments", "KindRule").objects.create(ruleset=old_set, kind="speech", points=7)
    new = _migrate([("assessments", "0004_ruleset_by_jurisdiction")])
    (kept,) = new.get_model("assessments", "RuleSet").objects.all()
    assert (kept.pk, kept.jurisdiction_id, kept.min_group_activities) == (old_set.pk, None, 5)
    assert new.get_model("assessments", "KindRule").objects.get(ruleset=kept).points == 7
