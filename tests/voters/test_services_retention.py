"""Retention (PIPL): cases done with longer ago than VOTER_DATA_RETENTION_DAYS lose their personal data,
the statistics stay, and a second run changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone

from liaison.activities.models import Visit, VisitEntry
from liaison.security import SecurityEvent
from tests.voters.factories import OpinionFactory, VoterFactory
from tests.voters.test_uploads import png_bytes
from voters.models import Attachment, Opinion, OpinionEvent, ReturnVisit, Satisfaction, Voter
from voters.services.retention import voters_anonymise_expired

pytestmark = pytest.mark.django_db

LONG_AGO = timedelta(days=3 * 365 + 30)


@pytest.fixture
def retention(settings):
    settings.VOTER_DATA_RETENTION_DAYS = 3 * 365
    settings.VOTER_DATA_RETENTION_BATCH = 2  # several batches even with a handful of rows


def _closed(station, voter=None, ago=LONG_AGO, **kwargs):
    when = timezone.now() - ago
    fields = {"status": Opinion.Status.CLOSED, "closed_at": when, "location": "桂花路口", **kwargs}
    opinion = OpinionFactory(station=station, voter=voter, received_at=when - timedelta(days=20), **fields)
    OpinionEvent.objects.create(opinion=opinion, kind=OpinionEvent.Kind.CLOSED, note="已电话告知张三明")
    ReturnVisit.objects.create(
        opinion=opinion,
        voter=voter,
        method=ReturnVisit.Method.PHONE,
        satisfaction=Satisfaction.SATISFIED,
        note="张三明说满意",
    )
    return opinion


def _backdate(*voters, ago=LONG_AGO):
    Voter.objects.filter(pk__in=[v.pk for v in voters]).update(
        created_at=timezone.now() - ago - timedelta(days=30)
    )


def _statistics():
    opinions = Opinion.objects.order_by()
    return {
        "by category": list(opinions.values("category").annotate(n=Count("pk")).order_by("category")),
        "by station": list(opinions.values("station").annotate(n=Count("pk")).order_by("station")),
        "by month": list(
            opinions.annotate(month=TruncMonth("received_at"))
            .values("month")
            .annotate(n=Count("pk"))
            .order_by("month")
        ),
        "by status and route": list(
            opinions.values("status", "route").annotate(n=Count("pk")).order_by("status", "route")
        ),
        "satisfaction": list(
            ReturnVisit.objects.order_by()
            .values("satisfaction")
            .annotate(n=Count("pk"))
            .order_by("satisfaction")
        ),
        "events": OpinionEvent.objects.count(),
        "voters": Voter.objects.count(),
    }


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(), key=lambda row: row[0])
        for model in (Voter, Opinion, OpinionEvent, ReturnVisit, Attachment, VisitEntry)
    }


@pytest.fixture
def cases(station, officer_user):
    old_voter = VoterFactory(
        station=station, name="张三明", phone="+8613812340001", address="桂花路12号", notes="腿脚不便"
    )
    recent_voter = VoterFactory(station=station, name="李四", phone="+8613812340002")
    open_voter = VoterFactory(station=station, name="王五", phone="+8613812340003")
    _backdate(old_voter, recent_voter, open_voter)
    old = _closed(station, old_voter)
    Attachment.objects.create(
        opinion=old,
        file=SimpleUploadedFile("photo.png", png_bytes()),
        kind="png",
        original_name="张三明家门口.png",
        size=10,
    )
    visit = Visit.objects.create(kind=Visit.Kind.VISIT, date="2022-01-01", station=station)
    entry = VisitEntry.objects.create(
        visit=visit, voter_name="张三明", voter_phone="13812340001", raised="路灯坏了"
    )
    Opinion.objects.filter(pk=old.pk).update(visit=visit, visit_entry=entry)
    _closed(station, recent_voter)  # an old case, and
    _closed(station, recent_voter, ago=timedelta(days=100))  # a recent one: the voter keeps their data
    _closed(station, open_voter)
    OpinionFactory(station=station, voter=open_voter)  # still open
    withdrawn = _closed(station, None, status=Opinion.Status.WITHDRAWN)
    return {
        "old": old,
        "old_voter": old_voter,
        "recent_voter": recent_voter,
        "open_voter": open_voter,
        "withdrawn": withdrawn,
    }


def test_old_cases_lose_personal_data_and_statistics_stay(
    retention, cases, django_capture_on_commit_callbacks
):
    before = _statistics()
    file_name = Attachment.objects.get().file.name
    storage = Attachment._meta.get_field("file").storage
    assert storage.exists(file_name)

    with django_capture_on_commit_callbacks(execute=True):
        result = voters_anonymise_expired()

    assert _statistics() == before
    assert (result.opinions, result.voters, result.attachments) == (4, 1, 1)
    voter = Voter.objects.get(pk=cases["old_voter"].pk)
    assert (voter.name, voter.phone, voter.address, voter.notes) == ("", "", "", "")
    assert voter.anonymised_at is not None and voter.community == "桂花社区"  # coarse, kept for statistics
    old = Opinion.objects.get(pk=cases["old"].pk)
    assert (old.content, old.location, old.content_digest) == ("", "", "")
    assert old.category_id and old.status == Opinion.Status.CLOSED and old.closed_at
    assert not OpinionEvent.objects.filter(opinion=old).exclude(note="").exists()
    assert not ReturnVisit.objects.filter(opinion=old).exclude(note="").exists()
    attachment = Attachment.objects.get()
    assert (attachment.file.name, attachment.original_name) == ("", "")
    assert not storage.exists(file_name)
    entry = VisitEntry.objects.get()
    assert (entry.voter_name, entry.voter_phone, entry.raised) == ("", "", "")
    # A voter with a recent or an open case keeps everything, and so do those cases.
    assert Voter.objects.get(pk=cases["recent_voter"].pk).phone == "+8613812340002"
    assert Voter.objects.get(pk=cases["open_voter"].pk).name == "王五"
    assert Opinion.objects.filter(anonymised_at__isnull=True).exclude(content="").count() == 2
    # The run is in the security log, as counts only.
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.PERSONAL_DATA_ERASED)
    assert event.detail == "opinions=4 voters=1 attachments=1"


def test_second_run_changes_no_row(retention, cases):
    voters_anonymise_expired()
    before, statistics = _snapshot(), _statistics()
    result = voters_anonymise_expired()
    assert (result.opinions, result.voters, result.attachments) == (0, 0, 0)
    assert _snapshot() == before
    assert _statistics() == statistics


def test_history_keeps_no_personal_field(retention, cases):
    voter = cases["old_voter"]
    voter.name = "张三明改"
    voter.save()
    voters_anonymise_expired()
    for record in Voter.history.filter(id=voter.pk):
        assert not hasattr(record, "phone") and not hasattr(record, "name")
    for record in Opinion.history.filter(id=cases["old"].pk):
        assert not hasattr(record, "content")


def test_a_merged_opinion_waits_for_the_one_it_joined(retention, station, officer_user):
    voter = VoterFactory(station=station)
    _backdate(voter)
    target = OpinionFactory(station=station)  # still open
    merged = _closed(station, voter, status=Opinion.Status.MERGED, merged_into=target, closed_at=None)
    assert voters_anonymise_expired().opinions == 0
    Opinion.objects.filter(pk=target.pk).update(
        status=Opinion.Status.CLOSED, closed_at=timezone.now() - LONG_AGO
    )
    result = voters_anonymise_expired()
    assert result.opinions == 2 and result.voters == 1
    assert Opinion.objects.get(pk=merged.pk).content == ""


def test_dry_run_counts_and_changes_nothing(retention, cases, capsys):
    before = _snapshot()
    call_command("anonymise_expired", "--dry-run")
    assert "4 opinions, 1 voters, 1 attachments would be anonymised" in capsys.readouterr().out
    assert _snapshot() == before
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.PERSONAL_DATA_ERASED).exists()
    call_command("anonymise_expired")
    assert Voter.objects.get(pk=cases["old_voter"].pk).phone == ""


def test_the_beat_schedule_runs_it(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "voters.anonymise_expired" in tasks
    from voters.tasks import anonymise_expired

    assert anonymise_expired.name == "voters.anonymise_expired"


def test_the_opinion_page_says_the_text_was_removed(retention, cases, committee_staff):
    voters_anonymise_expired()
    response = committee_staff.get(cases["old"].get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "retention period" in page or "保存期限" in page
    assert "Reveal full number" not in page and "显示完整号码" not in page
