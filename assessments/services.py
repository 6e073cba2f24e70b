"""State changes of duty records, rules and results, one function each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    MANUAL_KINDS,
    DutyRecord,
    DutyRecordEvent,
    ExportJob,
    KindRule,
    RuleSet,
    ScoreSnapshot,
)
from assessments.periods import year_period
from assessments.rules import ruleset_ensure, year_is_frozen, year_ruleset
from assessments.scoring import compute_scores
from deputies.models import Deputy
from liaison.core.access import refuse_unless_committee_staff
from liaison.core.errors import ActionRefused
from liaison.core.queue import enqueue_after_commit
from liaison.security import SecurityEvent, security_record


def may_decide(user):
    """Committee staff approve and reject the entries officers make (seed 004: 履职登记)."""
    return user.is_committee_staff


def may_withdraw(user, record):
    """Staff withdraw any entry; an officer their own, until it is approved."""
    if user.is_committee_staff:
        return True
    return record.entered_by_id == user.pk and record.status != DutyRecord.Status.APPROVED


@transaction.atomic
def duty_record_enter(
    *, deputy, kind, date, title, actor, evidence=None, note="", quantity=1, voters_met=0, points=None
):
    """A duty entered with evidence by an officer or staff. Staff are the approvers, so their own entry
    counts at once; an officer's waits for staff (seed 004: 履职登记)."""
    if kind not in MANUAL_KINDS:
        raise ValidationError(_("This kind of duty is derived from the records, not entered by hand."))
    _refuse_frozen(date.year)
    record = DutyRecord(
        deputy=deputy,
        kind=kind,
        date=date,
        title=title,
        quantity=quantity,
        voters_met=voters_met,
        points=points if actor.is_committee_staff else None,
        note=note,
        source=DutyRecord.Source.MANUAL,
        status=DutyRecord.Status.PENDING,
        entered_by=actor,
    )
    if evidence:
        record.evidence = evidence
    record.full_clean()
    record.save()
    record.events.create(kind=DutyRecordEvent.Kind.ENTERED, actor=actor, note=note[:300])
    if actor.is_committee_staff:
        duty_record_approve(record=record, actor=actor)
    return record


def _locked(record):
    return DutyRecord.objects.select_for_update().get(pk=record.pk)


def _refuse_frozen(year):
    if year_is_frozen(year):
        raise ActionRefused(
            _("The results of %(year)s are frozen; its records can no longer change.") % {"year": year}
        )


@transaction.atomic
def duty_record_approve(*, record, actor, note=""):
    refuse_unless_committee_staff(actor)
    record = _locked(record)
    if not record.can_be_decided:
        raise ActionRefused(_("Only an entry waiting for approval can be approved."))
    _refuse_frozen(record.date.year)
    record.status = DutyRecord.Status.APPROVED
    record.decided_by, record.decided_at = actor, timezone.now()
    record.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    record.events.create(kind=DutyRecordEvent.Kind.APPROVED, actor=actor, note=note[:300])
    return record


@transaction.atomic
def duty_record_reject(*, record, actor, note):
    refuse_unless_committee_staff(actor)
    record = _locked(record)
    if not record.can_be_decided:
        raise ActionRefused(_("Only an entry waiting for approval can be rejected."))
    if not note.strip():
        raise ValidationError(_("Say why the entry is rejected."))
    record.status = DutyRecord.Status.REJECTED
    record.decided_by, record.decided_at = actor, timezone.now()
    record.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    record.events.create(kind=DutyRecordEvent.Kind.REJECTED, actor=actor, note=note[:300])
    return record


@transaction.atomic
def duty_record_withdraw(*, record, actor, note=""):
    """A manual entry made in error is withdrawn, never deleted (DOMAIN.md: nothing entered is lost)."""
    record = _locked(record)
    if not record.can_be_withdrawn:
        raise ActionRefused(_("This record cannot be withdrawn."))
    if not may_withdraw(actor, record):
        raise ActionRefused(
            _("An entry is withdrawn by committee staff, or by whoever entered it until it is approved.")
        )
    _refuse_frozen(record.date.year)
    record.status = DutyRecord.Status.WITHDRAWN
    record.save(update_fields=["status", "updated_at"])
    record.events.create(kind=DutyRecordEvent.Kind.WITHDRAWN, actor=actor, note=note[:300])
    return record


@transaction.atomic
def ruleset_update(*, ruleset, fields, kind_rules, actor):
    """Save one level's minimums, candidate rule and points per kind for its year (the levels below that set
    none follow them); a frozen year keeps its rules."""
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if ruleset.is_frozen or year_is_frozen(ruleset.year):
        raise ActionRefused(
            _("The results of %(year)s are frozen; its rules can no longer change.") % {"year": ruleset.year}
        )
    for name, value in fields.items():
        setattr(ruleset, name, value)
    ruleset.updated_by = actor
    ruleset.full_clean()
    ruleset.save()
    for kind, (points, cap) in kind_rules.items():
        KindRule.objects.update_or_create(ruleset=ruleset, kind=kind, defaults={"points": points, "cap": cap})
    return ruleset


@transaction.atomic
def scores_freeze(*, year, actor):
    """Freeze a year's results as scored now, so that later changes of rules or records leave them be. The
    whole deployment's row holds the freezing; every level's row of the year is stamped alike, so that the
    set any level follows reads frozen."""
    ruleset = ruleset_ensure(year)
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    if ruleset.is_frozen:
        raise ActionRefused(_("The results of %(year)s are already frozen.") % {"year": year})
    period = year_period(year)
    deputies = Deputy.objects.filter(
        pk__in=DutyRecord.objects.filter(date__year=year).values("deputy_id")
    ) | Deputy.objects.filter(is_active=True)
    scores = compute_scores(deputies.distinct(), period=period)
    ScoreSnapshot.objects.bulk_create(
        [
            ScoreSnapshot(
                year=year,
                deputy=score.deputy,
                total=score.total,
                points_by_kind={kind: str(value) for kind, value in score.points.items()},
                measures={
                    **score.measures,
                    "units": score.units,
                    "minimums": [
                        {
                            "key": m.key,
                            "required": m.required,
                            "actual": m.actual,
                            "detail": m.detail,
                            "short": list(m.short),
                        }
                        for m in score.minimums
                    ],
                },
                missed=[m.key for m in score.missed],
            )
            for score in scores
        ],
        batch_size=500,
    )
    ruleset.frozen_at, ruleset.frozen_by = timezone.now(), actor
    ruleset.save(update_fields=["frozen_at", "frozen_by", "updated_at"])
    RuleSet.objects.filter(year=year).exclude(pk=ruleset.pk).update(
        frozen_at=ruleset.frozen_at, frozen_by=actor, updated_at=ruleset.frozen_at
    )
    return ruleset


@transaction.atomic
def results_publish(*, year, actor, publish=True):
    """Publish a frozen year's results on the stations' public notice boards (亮履职, seeds 001, 004), or take
    them down again. Only frozen results go public, so the board never shows a score that still moves."""
    refuse_unless_committee_staff(actor)
    ruleset = year_ruleset(year).select_for_update().first()
    if ruleset is None or not ruleset.is_frozen:
        raise ActionRefused(_("Freeze the results of %(year)s before publishing them.") % {"year": year})
    if ruleset.is_published == publish:
        return ruleset
    ruleset.published_at, ruleset.published_by = (timezone.now(), actor) if publish else (None, None)
    ruleset.save(update_fields=["published_at", "published_by", "updated_at"])
    security_record(
        SecurityEvent.Kind.PUBLISHED,
        user=actor,
        target=ruleset,
        detail=f"results of {year} {'published' if publish else 'withdrawn from the public pages'}",
    )
    return ruleset


def export_job_create(*, user, kind, params, title):
    job = ExportJob.objects.create(user=user, kind=kind, params=params, title=title)
    enqueue_after_commit("assessments.export_workbook", job.pk)
    return job
