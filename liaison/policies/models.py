from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.workdays import add_working_days


# The settings of liaison/settings.py ("Policy") are the first version's values, and what a case made
# outside the services (a fixture, a generator) or before policies existed (the migration) keeps.
def default_answer_days():
    return settings.OPINION_ANSWER_DAYS


def default_answer_day_count():
    return Policy.DayCount.WORKING if settings.OPINION_ANSWER_WORKING_DAYS else Policy.DayCount.CALENDAR


def default_publish_days_ahead():
    return settings.RECEPTION_PUBLISH_DAYS_AHEAD


def default_basically_satisfied_reassigns():
    return settings.SUGGESTION_BASICALLY_SATISFIED_REASSIGNS


class Policy(models.Model):
    """One version of the policy of a level of the tree (issue 15: a city, a district, a street, or the
    whole deployment when no jurisdiction): a level's latest version is its policy, the earlier ones its
    history (who set it, when, why). A level that set none follows the nearest level above that did
    (liaison.policies.selectors.policy_in_force)."""

    class DayCount(models.TextChoices):
        CALENDAR = "calendar", _("Calendar days")
        WORKING = "working", _("Working days")

    opinion_answer_days = models.PositiveSmallIntegerField(
        _("answer to the voter within (days)"),
        default=default_answer_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How many days the voter who raised an opinion waits at most to hear what became of it."),
    )
    opinion_answer_day_count = models.CharField(
        _("answer days counted as"),
        max_length=10,
        choices=DayCount.choices,
        default=default_answer_day_count,
        help_text=_(
            "Working days skip weekends and the public holidays of the holiday calendar, and count the "
            "weekend days worked instead (调休), e.g. the rule 「七个工作日内告知」."
        ),
    )
    reception_publish_days_ahead = models.PositiveSmallIntegerField(
        _("reception days published ahead (days)"),
        default=default_publish_days_ahead,
        validators=[MaxValueValidator(90)],
        help_text=_(
            "A reception day is announced at least this many days before it (seed 004: one week); "
            "publishing it later needs a confirmation."
        ),
    )
    basically_satisfied_reassigns = models.BooleanField(
        _("basically satisfied also goes to a second round"),
        default=default_basically_satisfied_reassigns,
        help_text=_(
            "Ticked: a suggestion evaluated 基本满意 is assigned again (二次交办), like one evaluated 不满意. "
            "Not ticked: only 不满意 goes to a second round."
        ),
    )
    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
        help_text=_("The city, district or street whose policy this is. Empty: the whole deployment."),
    )
    note = models.CharField(
        _("reason for the change"),
        max_length=200,
        blank=True,
        help_text=_("e.g. the meeting or document that decided it."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-set_at", "-pk"]

    def __str__(self):
        return f"{timezone.localtime(self.set_at):%Y-%m-%d %H:%M}"

    def answer_due_on(self, received_on, exceptions=None):
        """The day by which the voter of an opinion received on `received_on` should hear back;
        `exceptions` as add_working_days takes them."""
        if self.opinion_answer_day_count == self.DayCount.WORKING:
            return add_working_days(received_on, self.opinion_answer_days, exceptions)
        return received_on + timedelta(days=self.opinion_answer_days)


# The fields staff choose, in the order the page and the security log show them.
POLICY_FIELDS = [
    "opinion_answer_days",
    "opinion_answer_day_count",
    "reception_publish_days_ahead",
    "basically_satisfied_reassigns",
]
