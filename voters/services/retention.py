"""Retention of voters' personal data (PIPL Art. 19 and 47: kept no longer than the purpose needs).

A case is an opinion done with for good (closed, withdrawn, or merged into one that is); once it has been done
with for longer than VOTER_DATA_RETENTION_DAYS, its free text (content, location, mediation record, timeline and
return-visit notes, the visits-log entry it came from) and its attachments are erased, and so are the name, phone,
address and notes of a voter none of whose opinions is still open or recent. What the statistics count stays:
station, category, channel, dates, status, route, handling unit, satisfaction, deputies, so counts per
category, station and month, the suggestion loop's figures and duty records read the same before and after.

Set-based: ids are read in batches and each batch is erased with a few UPDATE statements, not a save per
row, so a city's backlog (tens of thousands of cases a year) passes in one nightly run. A record erased once is
marked (anonymised_at) and never touched again, so running twice changes nothing. The bulk updates bypass
record history on purpose: the history of voters and opinions never held their personal fields."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from liaison.activities.models import VisitEntry
from liaison.security import SecurityEvent, security_record
from voters.models import Attachment, Opinion, OpinionEvent, ReturnVisit, Voter


@dataclass
class RetentionResult:
    opinions: int = 0
    voters: int = 0
    attachments: int = 0
    dry_run: bool = False


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.VOTER_DATA_RETENTION_DAYS)


def _ended():
    # A merged opinion is done with when the one it was merged into is closed (its closed_at is set then);
    # while that one is open, answered or merged itself, the merged one is not done with either.
    return Coalesce("closed_at", "merged_into__closed_at")


def expired_opinions(cutoff):
    """Opinions done with before `cutoff`: closed or withdrawn then, or merged into one closed then."""
    return Opinion.objects.annotate(ended_at=_ended()).filter(
        status__in=Opinion.FINISHED_STATUSES, ended_at__lt=cutoff
    )


def expired_voters(cutoff):
    """Voters recorded before `cutoff` none of whose opinions is still open or recent."""
    kept = (
        Opinion.objects.filter(voter=OuterRef("pk"))
        .annotate(ended_at=_ended())
        .filter(~Q(status__in=Opinion.FINISHED_STATUSES) | Q(ended_at__isnull=True) | Q(ended_at__gte=cutoff))
    )
    return Voter.objects.filter(created_at__lt=cutoff).exclude(Exists(kept))


def voters_anonymise_expired(*, now=None, dry_run=False, batch_size=None):
    """Erase the personal data of cases past the retention period (see the module's docstring)."""
    now = now or timezone.now()
    cutoff = retention_cutoff(now)
    batch_size = batch_size or settings.VOTER_DATA_RETENTION_BATCH
    result = RetentionResult(dry_run=dry_run)
    opinions = expired_opinions(cutoff).filter(anonymised_at__isnull=True)
    voters = expired_voters(cutoff).filter(anonymised_at__isnull=True)
    if dry_run:
        result.opinions = opinions.count()
        result.voters = voters.count()
        result.attachments = Attachment.objects.filter(opinion__in=opinions).exclude(file="").count()
        return result
    for ids in _batches(opinions, batch_size):
        result.attachments += _erase_opinions(ids, now)
        result.opinions += len(ids)
    for ids in _batches(voters, batch_size):
        Voter.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
            name="", phone="", address="", notes="", anonymised_at=now
        )
        result.voters += len(ids)
    _record(result)
    return result


def _batches(queryset, size):
    """Ids in batches; each batch is erased (and marked) before the next is read, so the query always
    starts again from what is left."""
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids


@transaction.atomic
def _erase_opinions(ids, now):
    files = list(
        Attachment.objects.filter(opinion_id__in=ids).exclude(file="").values_list("file", flat=True)
    )
    Attachment.objects.filter(opinion_id__in=ids).update(file="", original_name="")
    OpinionEvent.objects.filter(opinion_id__in=ids).exclude(note="").update(note="")
    ReturnVisit.objects.filter(opinion_id__in=ids).exclude(note="").update(note="")
    VisitEntry.objects.filter(opinion__pk__in=ids).update(voter_name="", voter_phone="", raised="")
    Opinion.objects.filter(pk__in=ids).update(
        content="", location="", content_digest="", mediation_result="", anonymised_at=now
    )
    # Files go once the rows no longer point at them; a file left behind by a crash is unreachable.
    transaction.on_commit(lambda: _delete_files(files))
    return len(files)


def _delete_files(names):
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


def _record(result):
    security_record(
        SecurityEvent.Kind.PERSONAL_DATA_ERASED,
        username="retention",
        target="voters.retention",
        detail=f"opinions={result.opinions} voters={result.voters} attachments={result.attachments}",
    )
