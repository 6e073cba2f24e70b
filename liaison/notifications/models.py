"""The outbox: a message for a person (Notification), one row per channel that the dispatcher sends
(Delivery), how each person wants to be reached, and what staff decide per kind of reminder."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from liaison.models import User

# --- Reminders: the outbox (REMINDERS.md) ----------------------------------------------------------------


class Notification(models.Model):
    """A message for one user, due at a time. It goes out through one Delivery per channel; the in-app
    inbox shows it once its inbox delivery is done."""

    user = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    # What the message is about (an activity, a suggestion...), so that the app that planned it can re-plan
    # or withdraw it: the outbox itself knows no domain (notifications_about).
    about_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    inbox_at = models.DateTimeField(_("in the inbox since"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "liaison_notification"  # kept from before the app had its own label
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-due_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "inbox_at", "read_at"]),
            models.Index(fields=["about_type", "about_id"], name="notification_about"),
        ]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """One channel of one notification: the row the dispatcher claims, sends and records (the outbox)."""

    class Channel(models.TextChoices):
        INBOX = "inbox", _("Inbox")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")
        DIGESTED = "digested", _("In a digest")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # When the next attempt is due: the notification's due time, later after a failure (backoff).
    due_at = models.DateTimeField(_("due"))
    # A deputy who takes a daily digest gets this channel's message inside the next digest instead.
    in_digest = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        db_table = "liaison_delivery"  # kept from before the app had its own label
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"])]
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="one_delivery_per_channel"),
        ]

    def __str__(self):
        return f"{self.notification} · {self.get_channel_display()}"


class NotificationPreference(models.Model):
    """How a user wants to be reached besides the inbox (a deputy chooses in their profile)."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference", primary_key=True
    )
    email = models.BooleanField(_("by e-mail"), default=True)
    sms = models.BooleanField(_("by SMS"), default=True)
    daily_digest = models.BooleanField(
        _("one daily digest"),
        default=False,
        help_text=_("E-mail and SMS reminders come together once a day instead of one by one."),
    )

    class Meta:
        db_table = "liaison_notificationpreference"  # kept from before the app had its own label
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class ReminderRule(models.Model):
    """What staff decide for one kind of reminder: on or off, its lead times and its text (templates in
    Django's template language)."""

    kind = models.CharField(_("kind"), max_length=50, unique=True)
    enabled = models.BooleanField(_("switched on"), default=True)
    offsets = models.CharField(
        _("days"),
        max_length=50,
        blank=True,
        help_text=_("Days before (or after, for follow-ups), separated by commas, e.g. 7,1"),
    )
    subject_template = models.CharField(_("subject"), max_length=200, blank=True)
    body_template = models.TextField(_("text"), blank=True)

    class Meta:
        db_table = "liaison_reminderrule"  # kept from before the app had its own label
        verbose_name = _("reminder rule")
        verbose_name_plural = _("reminder rules")
        ordering = ["kind"]

    def __str__(self):
        return self.kind

    @property
    def offset_days(self):
        return [int(part) for part in self.offsets.replace("，", ",").split(",") if part.strip().isdigit()]


# The security log lives in its own module; importing it here registers it with the app.
