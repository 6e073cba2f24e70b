"""The station's yearly plan and year-end summary (seed 004): drafted from the records in one click, edited by
the station's officer, then submitted (the plan) or made final (the summary). One function per step, each
with its event; the steps open to a user are read from the tables below, by the views' buttons too."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import PlanEvent, PlanItem, WorkPlan, YearSummary
from assessments.selectors import keeps
from assessments.year_figures import activities_of_year, draft_blocks, held_titles, year_figures
from liaison.core.errors import ActionRefused

PLAN_NEXT = {WorkPlan.Status.DRAFT: {"edit", "submit"}, WorkPlan.Status.SUBMITTED: set()}
SUMMARY_NEXT = {YearSummary.Status.DRAFT: {"edit", "finalise"}, YearSummary.Status.FINAL: set()}

NOT_YOURS = _("Only an officer of this station drafts and edits its plan and summary.")
NOT_OPEN = _("This step is not open now.")
PLAN_EXISTS = _("This station already has a plan for %(year)s.")
SUMMARY_EXISTS = _("This station already has a summary for %(year)s.")
NO_ITEMS = _("A plan without any planned activity cannot be submitted.")


def plan_actions(plan, user):
    """The steps `user` may take on `plan` now."""
    return PLAN_NEXT[plan.status] if keeps(user, plan.station) else set()


def summary_actions(summary, user):
    return SUMMARY_NEXT[summary.status] if keeps(user, summary.station) else set()


def _refuse_unless(allowed, action):
    if action not in allowed:
        raise ActionRefused(NOT_OPEN)


@transaction.atomic
def plan_draft(*, station, year, actor):
    """The plan for `year` drafted from the activities of the year before (or, with none, that year's plan)."""
    if not keeps(actor, station):
        raise ActionRefused(NOT_YOURS)
    try:
        with transaction.atomic():
            plan = WorkPlan.objects.create(station=station, year=year, created_by=actor)
    except IntegrityError:
        raise ActionRefused(PLAN_EXISTS, params={"year": year}) from None
    rows = activities_of_year(station, year - 1)
    if not rows:
        earlier = PlanItem.objects.filter(plan__station=station, plan__year=year - 1)
        rows = [(item.kind, item.title, item.month, item.planned_count) for item in earlier]
    PlanItem.objects.bulk_create(
        PlanItem(plan=plan, kind=kind, title=title[:200], month=month, planned_count=count)
        for kind, title, month, count in rows
    )
    note = _("From %(count)s rows of %(year)s.") % {"count": len(rows), "year": year - 1}
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.DRAFTED, actor=actor, note=note)
    return plan


@transaction.atomic
def plan_update(*, plan, actor, note, items):
    """The plan's introduction and its items (kind, title, month, planned count), replacing the old ones."""
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    _refuse_unless(plan_actions(plan, actor), "edit")
    plan.note = note
    plan.save(update_fields=["note", "updated_at"])
    plan.items.all().delete()
    PlanItem.objects.bulk_create(PlanItem(plan=plan, **item) for item in items)
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.EDITED, actor=actor)
    return plan


@transaction.atomic
def plan_submit(*, plan, actor):
    plan = WorkPlan.objects.select_for_update().get(pk=plan.pk)
    _refuse_unless(plan_actions(plan, actor), "submit")
    if not plan.items.exists():
        raise ActionRefused(NO_ITEMS)
    plan.status = WorkPlan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    plan.save(update_fields=["status", "submitted_at", "updated_at"])
    PlanEvent.objects.create(plan=plan, kind=PlanEvent.Kind.SUBMITTED, actor=actor)
    return plan


@transaction.atomic
def summary_draft(*, station, year, actor):
    """The summary of `year` with its text blocks drafted from the year's figures."""
    if not keeps(actor, station):
        raise ActionRefused(NOT_YOURS)
    figures = year_figures(station, year)
    blocks = draft_blocks(station, year, figures, held_titles(station, year))
    try:
        with transaction.atomic():
            summary = YearSummary.objects.create(station=station, year=year, created_by=actor, **blocks)
    except IntegrityError:
        raise ActionRefused(SUMMARY_EXISTS, params={"year": year}) from None
    PlanEvent.objects.create(summary=summary, kind=PlanEvent.Kind.DRAFTED, actor=actor)
    return summary


@transaction.atomic
def summary_update(*, summary, actor, **blocks):
    summary = YearSummary.objects.select_for_update().get(pk=summary.pk)
    _refuse_unless(summary_actions(summary, actor), "edit")
    for name in YearSummary.BLOCKS:
        setattr(summary, name, blocks[name])
    summary.save(update_fields=[*YearSummary.BLOCKS, "updated_at"])
    PlanEvent.objects.create(summary=summary, kind=PlanEvent.Kind.EDITED, actor=actor)
    return summary


@transaction.atomic
def summary_finalise(*, summary, actor):
    """Final: the figures are kept as they are now, so the summary reads the same in later years."""
    summary = YearSummary.objects.select_for_update().get(pk=summary.pk)
    _refuse_unless(summary_actions(summary, actor), "finalise")
    summary.figures = year_figures(summary.station, summary.year)
    summary.status = YearSummary.Status.FINAL
    summary.finalised_at = timezone.now()
    summary.save(update_fields=["figures", "status", "finalised_at", "updated_at"])
    PlanEvent.objects.create(summary=summary, kind=PlanEvent.Kind.FINALISED, actor=actor)
    return summary


def summary_figures(summary):
    """The figures a summary shows: those kept when it was made final, else the records' of today."""
    return (
        summary.figures
        if summary.status == YearSummary.Status.FINAL
        else year_figures(summary.station, summary.year)
    )
