"""Sessions and standing-committee meetings recorded once with their roll (seeds 002, 003, 004), and the
periodic bulletin 《代表工作动态》 made from the records (seed 004). Imported by models.py."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from assessments.periods import quarter_name
from deputies.models import Level


class Sitting(models.Model):
    """A congress session or a standing-committee meeting as staff record it once: its roll (Seat), the
    deputies invited to sit in (列席) by topic, and the speeches. Each becomes the deputies' duty records
    (assessments.derivation), not a form with evidence per deputy."""

    class Kind(models.TextChoices):
        CONGRESS = "congress", _("Congress session")
        STANDING_COMMITTEE = "standing", _("Standing committee meeting")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.STANDING_COMMITTEE)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.COUNTY)
    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"), null=True, blank=True)
    congress_session = models.ForeignKey(
        "activities.CongressSession",
        verbose_name=_("congress session"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The session whose reminders the deputies received, if this is one."),
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("session or meeting")
        verbose_name_plural = _("sessions and meetings")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="sitting_dates_ordered",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:sitting_detail", args=[self.pk])


class Seat(models.Model):
    """One deputy on a sitting's roll: a member of the body that meets, or invited to sit in on a topic."""

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    class Role(models.TextChoices):
        MEMBER = "member", _("On the roll")
        INVITED = "invited", _("Sitting in")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="seats")
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.MEMBER)
    topic = models.CharField(_("topic"), max_length=100, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=8, choices=Attendance.choices, default=Attendance.PRESENT
    )

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        ordering = ["sitting", "role", "deputy__name_pinyin", "pk"]
        constraints = [models.UniqueConstraint(fields=["sitting", "deputy"], name="one_seat_per_deputy")]

    def __str__(self):
        return f"{self.sitting} · {self.deputy}"


class Speech(models.Model):
    """A deputy's speech at a sitting: the topic and the text or its summary."""

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="speeches")
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=200)
    text = models.TextField(_("text or summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("speech")
        verbose_name_plural = _("speeches")
        ordering = ["sitting", "pk"]

    def __str__(self):
        return f"{self.deputy} · {self.topic}"


class SittingEvent(models.Model):
    class Kind(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CHANGED = "changed", _("Changed")
        ROLL_SAVED = "roll_saved", _("Roll saved")
        ROLL_IMPORTED = "roll_import", _("Roll imported from a workbook")
        INVITED = "invited", _("Deputies invited to sit in")
        SPEECH_ADDED = "speech_add", _("Speech added")
        SPEECH_REMOVED = "speech_del", _("Speech removed")

    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="events")
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


# --- 《代表工作动态》: the periodic bulletin of the deputies' work (seed 004) ----------------------------


class Bulletin(models.Model):
    """A month's or a quarter's bulletin of a jurisdiction, generated from the records as text sections that
    staff review and edit, then publish to the deputies (a notice) and to 一府两院 (readable by the handling
    units' accounts), and print."""

    class Span(models.TextChoices):
        MONTH = "month", _("Month")
        QUARTER = "quarter", _("Quarter")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("bulletin", "Draft")
        PUBLISHED = "published", pgettext_lazy("bulletin", "Published")

    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    span = models.CharField(_("period"), max_length=8, choices=Span.choices, default=Span.MONTH)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("month or quarter"))
    start = models.DateField()
    end = models.DateField()
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    notices = models.ManyToManyField("activities.Notice", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("work bulletin")
        verbose_name_plural = _("work bulletins")
        ordering = ["-start", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "span", "year", "number"], name="one_bulletin_per_level_and_period"
            ),
            models.UniqueConstraint(
                fields=["span", "year", "number"],
                condition=Q(jurisdiction__isnull=True),
                name="one_deployment_bulletin_per_period",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assessments:bulletin_detail", args=[self.pk])

    @property
    def period_label(self):
        if self.span == self.Span.QUARTER:
            return gettext("%(year)s %(quarter)s") % {
                "year": self.year,
                "quarter": quarter_name(self.number),
            }
        # The house's style of a month (liaison/core/formats): 2025-06 in both languages.
        return date_format(date(self.year, self.number, 1), "YEAR_MONTH_FORMAT")

    @property
    def is_draft(self):
        return self.status == self.Status.DRAFT


class BulletinSection(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("heading"), max_length=100)
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["bulletin", "position", "pk"]

    def __str__(self):
        return self.heading


class BulletinEvent(models.Model):
    class Kind(models.TextChoices):
        GENERATED = "generated", _("Generated from the records")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", pgettext_lazy("bulletin", "Published")

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="events")
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
