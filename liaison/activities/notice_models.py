"""Notices to many deputies at once (通知群发) and each deputy's copy with its read link. Imported by
models.py, so that they are the activities app's models."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deputies.models import Level
from liaison.models import Station, User
from liaison.notifications.gateways.base import sms_param_limit
from liaison.notifications.models import Notification


def new_read_token():
    return secrets.token_urlsafe(12)


class Notice(models.Model):
    """A notice to many deputies at once (通知群发): the pre-congress call for suggestions, a changed venue.
    Written by staff or an officer, sent now or at a chosen time; each deputy of the audience gets a copy
    on their channels with a personal read link (NoticeCopy)."""

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Every serving deputy")
        GROUP = "group", _("A deputy group")
        LEVEL = "level", _("Deputies of one level")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=100)
    body = models.TextField(_("text"))
    # The audience is the serving deputies stationed at `station` and its points (all of them when it is
    # empty: staff only), narrowed to a group or a level.
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        help_text=_("The deputies stationed there and at its points; empty: the whole jurisdiction."),
    )
    audience = models.CharField(_("to"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    group = models.ForeignKey(
        "deputies.DeputyGroup",
        verbose_name=_("deputy group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, blank=True)
    send_at = models.DateTimeField(_("send at"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    author = models.ForeignKey(User, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+")
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-send_at", "-pk"]
        indexes = [models.Index(fields=["status", "send_at"], name="notice_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(audience="group") | Q(group__isnull=False), name="notice_group_given"
            ),
            models.CheckConstraint(condition=~Q(audience="level") | ~Q(level=""), name="notice_level_given"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:notice_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.audience == self.Audience.GROUP and self.group_id is None:
            errors["group"] = _("Choose the group.")
        if self.audience == self.Audience.LEVEL and not self.level:
            errors["level"] = _("Choose the level.")
        # The title always goes into one parameter of the SMS template, whose length the provider limits.
        limit = sms_param_limit()
        if len(self.title) > limit:
            errors["title"] = _(
                "An SMS carries at most %(limit)s characters of the title: shorten it (now %(count)s)."
            ) % {"limit": limit, "count": len(self.title)}
        if errors:
            raise ValidationError(errors)

    @property
    def body_fits_sms(self):
        """Whether the SMS carries the text itself; a longer one gets the title and the read link only."""
        return len(self.body.strip()) <= sms_param_limit()


class NoticeCopy(models.Model):
    """One deputy's copy of a notice: the message the outbox sends them, their personal read link (no login,
    the token is the key) and when they read it."""

    notice = models.ForeignKey(
        Notice, verbose_name=_("notice"), on_delete=models.CASCADE, related_name="copies"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="notice_copies"
    )
    # The message of the first sending (the reminders to read it are messages of their own).
    notification = models.ForeignKey(
        Notification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    token = models.CharField(max_length=24, unique=True, default=new_read_token)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("copy of a notice")
        verbose_name_plural = _("copies of notices")
        ordering = ["notice", "deputy__name_pinyin", "pk"]
        constraints = [models.UniqueConstraint(fields=["notice", "deputy"], name="one_copy_per_deputy")]

    def __str__(self):
        return f"{self.notice} · {self.deputy}"

    def get_absolute_url(self):
        return reverse("activities:notice_read", args=[self.token])
