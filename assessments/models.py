"""Duty registration and duty scoring (履职登记, 履职积分, seeds 000, 003, 004).

A DutyRecord is one thing a deputy did. Most are derived from the records of the other apps (derivation.py)
and never typed twice; the rest are entered with evidence by an officer or staff and approved by staff.
A RuleSet per year says what each kind is worth, the caps and the minimums; scores are summed in SQL
(selectors.py) and frozen into ScoreSnapshot rows at year end."""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assessments.plan_models import PlanEvent, PlanItem, WorkPlan, YearSummary  # noqa: F401

# The sessions', bulletins', plans' and summaries' models live beside these; Django finds an app's models through models.py.
from assessments.sitting_models import (  # noqa: F401
    Bulletin,
    BulletinEvent,
    BulletinSection,
    Seat,
    Sitting,
    SittingEvent,
    Speech,
)


class DutyKind(models.TextChoices):
    # Derived from attendance at activities (liaison.Invitation).
    GROUP_ACTIVITY = "group_activity", _("Group activity")
    RECEPTION_DAY = "reception_day", _("Reception day")
    RESEARCH = "research", _("Research and inspection")
    TRAINING = "training", _("Training")
    REPORT_TO_VOTERS = "report_to_voters", _("Report to voters")
    OTHER_ACTIVITY = "other_activity", _("Other activity")
    ABSENCE = "absence", _("Absence without leave")
    # Derived from the visits log (四访, liaison.Visit).
    VOTER_RECEPTION = "voter_reception", _("Receiving voters")
    VOTER_VISIT = "voter_visit", _("Visiting voters")
    # Derived from voters' opinions and deputies' suggestions.
    OPINION = "opinion", _("Voter opinion received")
    SUGGESTION_LEAD = "suggestion_lead", _("Suggestion proposed")
    SUGGESTION_JOINT = "suggestion_joint", _("Suggestion co-signed")
    EVALUATION = "evaluation", _("Reply evaluated")
    # Derived from the mediations of voters' disputes (voters.Opinion.mediators, seeds 001, 002).
    MEDIATION = "mediation", _("Dispute mediated")
    # Derived from the rolls and speeches of sessions and meetings (Sitting), or entered with evidence.
    CONGRESS_SESSION = "congress_session", _("Attending the congress session")
    STANDING_COMMITTEE = "standing_committee", _("Attending a standing committee meeting")
    SPEECH = "speech", _("Speech")
    BILL = "bill", _("Bill")
    LAW_ENFORCEMENT_CHECK = "law_enforcement_check", _("Law-enforcement check")
    CONSTITUENCY_VISIT = "constituency_visit", _("Visit to the original constituency")
    PRACTICAL_THING = "practical_thing", _("Practical thing done for people")
    OTHER_DUTY = "other_duty", _("Other duty")
    # Derived from voters' ratings of a deputy's report to them (述职评议, activities.VoterReport).
    REPORT_RATED_WELL = "report_rated_well", _("Report rated well by voters")


MANUAL_KINDS = (
    DutyKind.CONGRESS_SESSION,
    DutyKind.STANDING_COMMITTEE,
    DutyKind.SPEECH,
    DutyKind.BILL,
    DutyKind.LAW_ENFORCEMENT_CHECK,
    DutyKind.CONSTITUENCY_VISIT,
    DutyKind.PRACTICAL_THING,
    DutyKind.REPORT_TO_VOTERS,
    DutyKind.RESEARCH,
    DutyKind.OTHER_DUTY,
)

# Default points per kind; staff change them per year (seed 003: points per recorded duty).
DEFAULT_POINTS = {
    DutyKind.GROUP_ACTIVITY: Decimal(3),
    DutyKind.RECEPTION_DAY: Decimal(3),
    DutyKind.RESEARCH: Decimal(3),
    DutyKind.TRAINING: Decimal(2),
    DutyKind.REPORT_TO_VOTERS: Decimal(5),
    DutyKind.OTHER_ACTIVITY: Decimal(2),
    DutyKind.ABSENCE: Decimal(-2),
    DutyKind.VOTER_RECEPTION: Decimal(1),
    DutyKind.VOTER_VISIT: Decimal(2),
    DutyKind.OPINION: Decimal(1),
    DutyKind.SUGGESTION_LEAD: Decimal(5),
    DutyKind.SUGGESTION_JOINT: Decimal(2),
    DutyKind.EVALUATION: Decimal(1),
    DutyKind.CONGRESS_SESSION: Decimal(10),
    DutyKind.STANDING_COMMITTEE: Decimal(5),
    DutyKind.SPEECH: Decimal(3),
    DutyKind.BILL: Decimal(8),
    DutyKind.LAW_ENFORCEMENT_CHECK: Decimal(3),
    DutyKind.CONSTITUENCY_VISIT: Decimal(2),
    DutyKind.PRACTICAL_THING: Decimal(5),
    DutyKind.OTHER_DUTY: Decimal(1),
    # Off until staff give it points: the years already scored keep their totals.
    DutyKind.REPORT_RATED_WELL: Decimal(0),
}
DEFAULT_CAPS = {DutyKind.OPINION: Decimal(20), DutyKind.VOTER_RECEPTION: Decimal(20)}


class RuleSet(models.Model):
    """The scoring rules of one year set by one level of the tree (issue 15: a city, a district, a street,
    or the whole deployment when no jurisdiction). A level that set none for a year follows the nearest level
    above that did (assessments.rules.rules_for). Minimums default to seed 004 and seed 000. Freezing and
    publishing are the year's as a whole: the whole deployment's row of the year holds them, and freezing
    stamps every level's row of the year alike."""

    year = models.PositiveSmallIntegerField(_("year"))
    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rulesets",
        help_text=_("The city, district or street whose rules these are. Empty: the whole deployment."),
    )
    min_group_activities = models.PositiveSmallIntegerField(_("group activities a year"), default=3)
    min_activity_days = models.PositiveSmallIntegerField(_("days of activity between sessions"), default=10)
    min_voters_contacted = models.PositiveSmallIntegerField(_("voters contacted a year"), default=30)
    min_constituency_visits = models.PositiveSmallIntegerField(
        _("visits to the original constituency a year"), default=3
    )
    min_practical_things = models.PositiveSmallIntegerField(_("practical things done a year"), default=1)
    min_suggestions = models.PositiveSmallIntegerField(_("bills or suggestions a year"), default=1)
    min_activities_per_quarter = models.PositiveSmallIntegerField(_("activities a quarter"), default=2)
    # 五个一 (seed 001): 每月开展一次走访联系群众活动，每月提出一条建议. None by default, so that a year's
    # rules say so before anyone misses a month.
    min_visits_per_month = models.PositiveSmallIntegerField(
        _("visits to voters a month"), default=0, help_text=_("0: no monthly minimum.")
    )
    min_suggestions_per_month = models.PositiveSmallIntegerField(
        _("suggestions a month"), default=0, help_text=_("0: no monthly minimum.")
    )
    excellent_top_n = models.PositiveSmallIntegerField(
        _("excellent deputies: top N"),
        null=True,
        blank=True,
        help_text=_("The N highest totals are candidates; leave empty to use only the threshold."),
    )
    excellent_threshold = models.DecimalField(
        _("excellent deputies: at least this many points"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
    )
    excellent_requires_minimums = models.BooleanField(_("candidates must meet every minimum"), default=True)
    report_rate_threshold = models.PositiveSmallIntegerField(
        _("report rated well: satisfaction rate at least (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "A deputy's report to voters whose satisfaction rate (satisfied and basically satisfied) reaches "
            "this earns the points of 'Report rated well by voters'."
        ),
    )
    frozen_at = models.DateTimeField(_("results frozen"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # 亮履职 (seed 001), deputies' performance on the notice board (seed 004): the frozen results of a year
    # reach the public pages only once staff publish them.
    published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="one_ruleset_per_level_and_year"),
            # NULLs are distinct in a unique constraint: the whole deployment's own one per year.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(jurisdiction__isnull=True),
                name="one_deployment_ruleset_per_year",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def get_absolute_url(self):
        return reverse("assessments:rules", args=[self.year])

    @property
    def is_frozen(self):
        return self.frozen_at is not None

    @property
    def is_published(self):
        return self.published_at is not None


class KindRule(models.Model):
    """Points for one duty kind in one year, with an optional yearly cap."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="kind_rules")
    kind = models.CharField(_("kind"), max_length=24, choices=DutyKind.choices)
    points = models.DecimalField(_("points each"), max_digits=6, decimal_places=1, default=Decimal(1))
    cap = models.DecimalField(
        _("cap"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("At most this many points a year from this kind; empty for no cap."),
    )

    class Meta:
        verbose_name = _("points of a kind")
        verbose_name_plural = _("points of each kind")
        ordering = ["ruleset", "kind"]
        constraints = [models.UniqueConstraint(fields=["ruleset", "kind"], name="one_rule_per_kind")]

    def __str__(self):
        return f"{self.ruleset} {self.get_kind_display()}"


class DutyRecord(models.Model):
    """One thing a deputy did. Derived records carry a source key (source:row:deputy) so that deriving
    again updates them in place; manual records have none and go through staff approval."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Entered with evidence")
        ATTENDANCE = "attendance", _("Attendance at an activity")
        VISIT = "visit", _("Visits log")
        OPINION = "opinion", _("Voter opinion")
        SUGGESTION = "suggestion", _("Suggestion")
        EVALUATION = "evaluation", _("Evaluation of a reply")
        SITTING = "sitting", _("Roll of a session or meeting")
        SPEECH = "speech", _("Speech at a session or meeting")
        RATING = "rating", _("Voters' rating of a report")
        MEDIATION = "mediation", _("Mediation of a dispute")

    class Status(models.TextChoices):
        # A context of our own: other catalogues translate a bare "Approved" for other things.
        PENDING = "pending", pgettext_lazy("duty record", "Waiting for approval")
        APPROVED = "approved", pgettext_lazy("duty record", "Approved")
        REJECTED = "rejected", pgettext_lazy("duty record", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("duty record", "Withdrawn")

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="duty_records"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=24, choices=DutyKind.choices)
    title = models.CharField(_("what"), max_length=200)
    quantity = models.PositiveSmallIntegerField(_("times"), default=1)
    voters_met = models.PositiveIntegerField(_("voters met"), default=0)
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty to use the points of the year's rules."),
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.MANUAL)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    # Unique for derived rows, NULL for manual ones: the upsert key of derivation.
    source_key = models.CharField(max_length=80, null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    evidence = models.FileField(_("evidence"), upload_to="duty-evidence/%Y/", blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["deputy", "date"]),
            models.Index(fields=["source", "date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="manual", source_key__isnull=True)
                | (~Q(source="manual") & Q(source_key__isnull=False)),
                name="duty_record_key_matches_source",
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.deputy} {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("assessments:record_detail", args=[self.pk])

    @property
    def is_manual(self):
        return self.source == self.Source.MANUAL

    @property
    def can_be_decided(self):
        return self.is_manual and self.status == self.Status.PENDING

    @property
    def can_be_withdrawn(self):
        return self.is_manual and self.status in (self.Status.PENDING, self.Status.APPROVED)


class DutyRecordEvent(models.Model):
    """The timeline of a manual duty record: entered, approved, rejected, withdrawn."""

    class Kind(models.TextChoices):
        ENTERED = "entered", _("Entered")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        IMPORTED = "imported", _("Imported from a workbook")

    record = models.ForeignKey(DutyRecord, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at}"


class ScoreSnapshot(models.Model):
    """A deputy's result for a year as it was scored when staff froze the year."""

    year = models.PositiveSmallIntegerField(_("year"))
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="score_snapshots"
    )
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=1)
    points_by_kind = models.JSONField(default=dict)
    measures = models.JSONField(default=dict)
    missed = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("frozen score")
        verbose_name_plural = _("frozen scores")
        ordering = ["year", "-total"]
        constraints = [models.UniqueConstraint(fields=["year", "deputy"], name="one_snapshot_per_year")]

    def __str__(self):
        return f"{self.year} {self.deputy} {self.total}"


class Commendation(models.Model):
    """A nomination for one of the year's commendations (评先选优, seeds 000, 001, 004): an excellent deputy, an
    excellent station, an excellent suggestion (优秀建议) or a handling unit of merit (先进单位, seed 004), and
    staff's decision on it. Staff of the level above the nominee select it or not, with a reason; the
    selections reach the public board once the year's results are published. The transitions are in
    assessments.commendations (COMMENDATION_NEXT). Took over the rows of ExcellentDeputy (issue 16)."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("Excellent deputy")
        STATION = "station", _("Excellent station")
        SUGGESTION = "suggestion", _("Excellent suggestion")
        UNIT = "unit", _("Handling unit of merit")

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", pgettext_lazy("commendation", "Selected")
        NOT_SELECTED = "not_selected", pgettext_lazy("commendation", "Not selected")

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("commendation"), max_length=12, choices=Kind.choices)
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    station = models.ForeignKey(
        "liaison.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    suggestion = models.ForeignKey(
        "suggestions.Suggestion",
        verbose_name=_("suggestion"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    unit = models.ForeignKey(
        "liaison.HandlingUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
    )
    reason = models.TextField(_("reason for the nomination"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED, db_index=True
    )
    decision_note = models.CharField(_("reason for the decision"), max_length=300, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("commendation")
        verbose_name_plural = _("commendations")
        ordering = ["-year", "kind", "pk"]
        constraints = [
            # Exactly the nominee of its kind.
            models.CheckConstraint(
                condition=(
                    Q(kind="deputy", deputy__isnull=False, station__isnull=True, suggestion__isnull=True)
                    & Q(unit__isnull=True)
                )
                | (
                    Q(kind="station", station__isnull=False, deputy__isnull=True, suggestion__isnull=True)
                    & Q(unit__isnull=True)
                )
                | (
                    Q(kind="suggestion", suggestion__isnull=False, deputy__isnull=True, station__isnull=True)
                    & Q(unit__isnull=True)
                )
                | (
                    Q(kind="unit", unit__isnull=False, deputy__isnull=True, station__isnull=True)
                    & Q(suggestion__isnull=True)
                ),
                name="commendation_nominee_of_its_kind",
            ),
            # One nomination of a nominee a year.
            models.UniqueConstraint(
                fields=["year", "deputy"], condition=Q(kind="deputy"), name="one_deputy_commendation_a_year"
            ),
            models.UniqueConstraint(
                fields=["year", "station"],
                condition=Q(kind="station"),
                name="one_station_commendation_a_year",
            ),
            models.UniqueConstraint(
                fields=["year", "suggestion"],
                condition=Q(kind="suggestion"),
                name="one_suggestion_commendation_a_year",
            ),
            models.UniqueConstraint(
                fields=["year", "unit"], condition=Q(kind="unit"), name="one_unit_commendation_a_year"
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.get_kind_display()} {self.nominee}"

    def get_absolute_url(self):
        return reverse("assessments:commendation_detail", args=[self.pk])

    @property
    def nominee(self):
        return self.deputy or self.station or self.suggestion or self.unit


class CommendationEvent(models.Model):
    """The timeline of a commendation: nominated, selected, not selected (with the reason)."""

    class Kind(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        SELECTED = "selected", pgettext_lazy("commendation", "Selected")
        NOT_SELECTED = "not_selected", pgettext_lazy("commendation", "Not selected")

    commendation = models.ForeignKey(Commendation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at}"


def export_path(instance, filename):
    # Random names: files are served through a checked view only.
    return f"exports/{secrets.token_hex(16)}/{filename}"


class ExportJob(models.Model):
    """A workbook prepared in the background, with its progress, for the user who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", pgettext_lazy("export job", "Failed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    kind = models.CharField(max_length=20, default="quarterly")
    params = models.JSONField(default=dict)
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(upload_to=export_path, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:job_detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
