"""Votes on livelihood projects (民生实事项目票决, seed 003): the voters order (群众点单), the deputies decide
(代表定单), the government carries it out (政府接单), the congress supervises (人大督单)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deputies.models import Level
from suggestions.models import Suggestion


class Project(models.Model):
    """A candidate project of one year and one level of the tree, and, once carried, the project followed to
    its evaluation."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        CARRIED = "carried", _("Carried, under way")
        NOT_CARRIED = "not_carried", _("Not carried")
        COMPLETED = "completed", _("Completed, to be evaluated")
        EVALUATED = "evaluated", pgettext_lazy("livelihood project", "Evaluated")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Source(models.TextChoices):
        OPINIONS = "opinions", _("From voters' opinions")
        GOVERNMENT = "government", _("Proposed by the government")

    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    budget = models.DecimalField(
        _("budget (10,000 yuan)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    unit = models.ForeignKey(
        "liaison.HandlingUnit",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="livelihood_projects",
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.OPINIONS)
    proposed_by = models.CharField(
        _("proposing body"), max_length=100, blank=True, help_text=_("e.g. the street office.")
    )
    opinions = models.ManyToManyField(
        "voters.Opinion", verbose_name=_("voters' opinions"), related_name="livelihood_projects", blank=True
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    supervisors = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("supervising deputies"),
        related_name="supervised_projects",
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        ordering = ["-year", "-pk"]
        indexes = [models.Index(fields=["jurisdiction", "year", "status"], name="livelihood_project_year")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("livelihood:detail", args=[self.pk])


class Vote(models.Model):
    """One meeting at which the deputies of a level vote on the year's candidates: its roll, then its tally."""

    class Status(models.TextChoices):
        OPEN = "open", _("Roll and tally to record")
        CLOSED = "closed", _("Results recorded")

    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    level = models.CharField(_("deputies of the level"), max_length=12, choices=Level.choices)
    name = models.CharField(_("meeting"), max_length=200)
    held_on = models.DateField(_("held on"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    # 应到: the deputies of the level in the jurisdiction on the day, fixed with the roll so that the result
    # stays what it was when deputies later come and go.
    deputies_total = models.PositiveIntegerField(_("deputies of the level"), null=True, blank=True)
    present = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies present"), related_name="livelihood_votes", blank=True
    )
    roll_recorded = models.BooleanField(default=False, editable=False)
    quorum_met = models.BooleanField(_("quorum met"), null=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("vote on livelihood projects")
        verbose_name_plural = _("votes on livelihood projects")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("livelihood:vote_detail", args=[self.pk])


class Ballot(models.Model):
    """One candidate put to a vote, with its tally and its result."""

    class Outcome(models.TextChoices):
        CARRIED = "carried", _("Carried")
        LOST = "lost", _("Not carried: too few votes for")
        NO_QUORUM = "no_quorum", _("Not carried: fewer deputies present than the quorum")

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    project = models.OneToOneField(Project, on_delete=models.PROTECT, related_name="ballot")
    votes_for = models.PositiveIntegerField(_("for"), default=0)
    votes_against = models.PositiveIntegerField(_("against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstain"), default=0)
    outcome = models.CharField(_("result"), max_length=10, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["vote", "pk"]

    def __str__(self):
        return f"{self.vote} · {self.project}"


class ProgressReport(models.Model):
    """What the responsible unit reports of the work (政府接单), the last one saying it is done."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("liaison.HandlingUnit", on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField(_("reported on"))
    text = models.TextField(_("progress"))
    percent = models.PositiveSmallIntegerField(
        _("done (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    completed = models.BooleanField(_("the project is completed"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "reported_on", "pk"]

    def __str__(self):
        return f"{self.project} {self.reported_on} {self.percent}%"


class SupervisionVisit(models.Model):
    """A supervising deputy's visit to the work (人大督单)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="visits")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT)
    visited_on = models.DateField(_("visited on"))
    note = models.TextField(_("what was seen"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "visited_on", "pk"]

    def __str__(self):
        return f"{self.deputy} {self.visited_on}"


class ProjectEvaluation(models.Model):
    """A supervising deputy's evaluation at year end, in the suggestions' three words."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evaluations")
    deputy = models.ForeignKey("deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT)
    rating = models.CharField(_("evaluation"), max_length=12, choices=Suggestion.Rating.choices)
    note = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "deputy"], name="livelihood_one_evaluation_per_deputy")
        ]

    def __str__(self):
        return f"{self.deputy}: {self.get_rating_display()}"


class ProjectEvent(models.Model):
    """One step of a project's timeline: who, when, what and why."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("Proposed as a candidate")
        EDITED = "edited", _("Edited")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PUT_TO_VOTE = "put_to_vote", _("Put to the vote")
        CARRIED = "carried", _("Carried by the vote")
        NOT_CARRIED = "not_carried", _("Not carried by the vote")
        SUPERVISORS_SET = "supervisors_set", _("Supervising deputies named")
        REPORTED = "reported", _("Progress reported")
        COMPLETED = "completed", _("Reported completed")
        VISITED = "visited", _("Supervision visit")
        EVALUATED = "evaluated", _("Evaluated")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "at", "pk"]

    def __str__(self):
        return f"{self.project} {self.get_kind_display()}"
