"""A station's yearly work plan and its year-end summary (seed 004), kept by its officer. Imported by
models.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkPlan(models.Model):
    """A station's work plan for the year (seed 004: 年初有工作计划): the activities and reception days it
    means to hold, month by month, drafted from last year's and kept by the station's officer."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("work plan", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("work plan", "Submitted")

    station = models.ForeignKey(
        "liaison.Station", verbose_name=_("station"), on_delete=models.PROTECT, related_name="work_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("introduction"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "station__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["station", "year"], name="one_work_plan_per_year")]

    def __str__(self):
        return f"{self.station} {self.year}"

    def get_absolute_url(self):
        return reverse("assessments:plan_detail", args=[self.pk])


class PlanItem(models.Model):
    """What the plan means to hold in one month: `planned_count` activities of a kind, under a title."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="items")
    # The kinds of activities (liaison.activities.models.Activity.Kind), kept as their codes.
    kind = models.CharField(_("kind"), max_length=14)
    title = models.CharField(_("title"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"))
    planned_count = models.PositiveSmallIntegerField(_("times planned"), default=1)

    class Meta:
        verbose_name = _("planned activity")
        verbose_name_plural = _("planned activities")
        ordering = ["month", "kind", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(month__gte=1, month__lte=12), name="plan_item_month_of_year")
        ]

    def __str__(self):
        return f"{self.month} {self.title} ×{self.planned_count}"


class YearSummary(models.Model):
    """A station's year-end summary (seed 004: 年终有工作总结): text blocks drafted from the year's records,
    edited by the officer, and the figures table, read from the records until it is final and kept as it
    was then."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("year summary", "Draft")
        FINAL = "final", pgettext_lazy("year summary", "Final")

    station = models.ForeignKey(
        "liaison.Station", verbose_name=_("station"), on_delete=models.PROTECT, related_name="year_summaries"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    overview = models.TextField(_("the year in brief"), blank=True)
    practices = models.TextField(_("what was done"), blank=True)
    problems = models.TextField(_("shortcomings"), blank=True)
    next_year = models.TextField(_("plans for next year"), blank=True)
    figures = models.JSONField(default=dict, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True)

    BLOCKS = ("overview", "practices", "problems", "next_year")

    class Meta:
        verbose_name = _("year-end summary")
        verbose_name_plural = _("year-end summaries")
        ordering = ["-year", "station__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["station", "year"], name="one_year_summary_per_year")]

    def __str__(self):
        return f"{self.station} {self.year}"

    def get_absolute_url(self):
        return reverse("assessments:summary_detail", args=[self.pk])


class PlanEvent(models.Model):
    """One step of a work plan or a year-end summary: who, when, what."""

    class Kind(models.TextChoices):
        DRAFTED = "drafted", _("Drafted from the records")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", pgettext_lazy("work plan", "Submitted")
        FINALISED = "finalised", _("Made final")

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, null=True, blank=True, related_name="events")
    summary = models.ForeignKey(
        YearSummary, on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("plan event")
        verbose_name_plural = _("plan events")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(plan__isnull=False, summary__isnull=True)
                | Q(plan__isnull=True, summary__isnull=False),
                name="plan_event_of_one_document",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
