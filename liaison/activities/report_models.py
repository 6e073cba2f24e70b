"""Reports to voters and voters' ratings of them (述职, 评议, seed 004), beside the activity of kind REPORT
they belong to. Imported by models.py, so that they are the activities app's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.accounts.models import SmsCode
from liaison.core.rates import satisfaction_rate_with_basically


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class VoterReport(models.Model):
    """One deputy's report at a report-to-voters meeting: the text (published on the station's board with
    the activity) and the paper ratings the officer tallied at the meeting. The deputies who report are
    those with a report."""

    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.CASCADE,
        related_name="voter_reports",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="voter_reports"
    )
    text = models.TextField(_("report"))
    paper_satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    paper_basically = models.PositiveIntegerField(_("basically satisfied"), default=0)
    paper_unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("report to voters")
        verbose_name_plural = _("reports to voters")
        ordering = ["activity", "deputy__name_pinyin", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="one_report_per_deputy"),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.activity}"

    # The counts below are annotated by ratings.with_results (paper tallies and phones together).
    @property
    def rated(self):
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction_rate(self):
        """满意率 of a report: (满意 + 基本满意) ÷ ratings, as 述职评议 counts it; None before any rating."""
        return satisfaction_rate_with_basically(self.satisfied, self.basically, self.rated)


class RatingBallot(models.Model):
    """One phone's rating of a report-to-voters meeting, a mark for each deputy who reported, confirmed by
    an SMS code: one per phone and meeting. The number is kept as a digest only."""

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="rating_ballots"
    )
    phone_digest = models.CharField(max_length=64)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter's rating")
        verbose_name_plural = _("voters' ratings")
        ordering = ["activity", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "phone_digest"], name="one_rating_per_phone"),
        ]

    def __str__(self):
        return f"{self._meta.label} #{self.pk}"


class RatingMark(models.Model):
    ballot = models.ForeignKey(RatingBallot, on_delete=models.CASCADE, related_name="marks")
    report = models.ForeignKey(VoterReport, on_delete=models.CASCADE, related_name="marks")
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "report"], name="one_mark_per_report")]

    def __str__(self):
        return f"{self.report} {self.get_rating_display()}"


class RatingCode(SmsCode):
    """A code asked for on a meeting's rating page (liaison/accounts/sms_codes.py)."""

    activity = models.ForeignKey("activities.Activity", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("rating code")
        verbose_name_plural = _("rating codes")
        indexes = [
            models.Index(fields=["phone_digest", "created_at"], name="rating_code_phone"),
            models.Index(fields=["address", "created_at"], name="rating_code_address"),
        ]
