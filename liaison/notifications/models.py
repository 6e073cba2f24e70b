"""The outbox: the people it reaches (Recipient, with their addresses and how they want to be reached), a
message for one of them (Notification), one row per channel that the dispatcher sends (Delivery), and what
staff decide per kind of reminder."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.models import User

# --- Reminders: the outbox (REMINDERS.md) ----------------------------------------------------------------


class Recipient(models.Model):
    """One person the outbox can reach: an account, a person of a domain app (a deputy), or both. The
    addresses are refreshed from the owning record each time an app plans for that person; the
    preferences are the person's own (or an officer's for them)."""

    user = models.OneToOneField(
        User,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recipient",
    )
    # What the person is in a domain app, so that the app that plans finds its recipient again.
    person_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    person_id = models.PositiveBigIntegerField(null=True, blank=True)
    person = GenericForeignKey("person_type", "person_id")
    name = models.CharField(_("name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wecom_userid = models.CharField(_("WeChat Work member id"), max_length=64, blank=True)
    # A group rather than a person (a station's deputies' WeChat Work group): the key of its robot's webhook.
    wecom_robot_key = models.CharField(_("WeChat Work group robot key"), max_length=100, blank=True)
    # Opt-outs: a channel is used when the person has its address and has not switched it off.
    by_sms = models.BooleanField(_("by SMS"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)
    by_wecom = models.BooleanField(_("by WeChat Work"), default=True)
    daily_digest = models.BooleanField(
        _("one daily digest"),
        default=False,
        help_text=_("E-mail and SMS reminders come together once a day instead of one by one."),
    )
    quiet_hours = models.BooleanField(
        _("quiet hours"),
        default=True,
        help_text=_("No SMS from 21:00 to 08:00, unless what it is about comes sooner."),
    )
    # Set when no channel worked for a message: the officers' list of deputies to phone.
    unreachable_since = models.DateTimeField(_("unreachable since"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person_type", "person_id"],
                condition=Q(person_type__isnull=False),
                name="one_recipient_per_person",
            ),
        ]

    def __str__(self):
        return self.name or str(self.user or "")


class Notification(models.Model):
    """A message for one recipient, due at a time. It goes out through one Delivery per channel; the in-app
    inbox (for a recipient with an account) shows it once its inbox delivery is done."""

    recipient = models.ForeignKey(
        Recipient, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50, db_index=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    due_at = models.DateTimeField(_("due"), db_index=True)
    # When what it is about takes place (an activity's start), if it does: an SMS waits out the quiet
    # hours unless this comes sooner.
    happens_at = models.DateTimeField(_("takes place"), null=True, blank=True)
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
            models.Index(fields=["recipient", "inbox_at", "read_at"], name="notification_inbox"),
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
        WECOM = "wecom", _("WeChat Work")  # an application message to one member
        WECOM_ROBOT = "wecom_robot", _("WeChat Work group")  # a post by a group's robot

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        # A worker died mid-send: the message may have gone out. Never resent without a person choosing to.
        UNCERTAIN = "uncertain", _("May have been sent")
        CANCELLED = "cancelled", _("Cancelled")
        DIGESTED = "digested", _("In a digest")

    class Failure(models.TextChoices):
        """Why a row failed for good."""

        INVALID_ADDRESS = "invalid_address", _("Invalid address")
        REFUSED = "refused", _("Refused by the provider")  # template, signature, credentials
        EXHAUSTED = "exhausted", _("Retries used up")
        INTERRUPTED = "interrupted", _("Interrupted while sending")

    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The number, e-mail or member id the row goes to, fixed when it is planned.
    address = models.CharField(_("address"), max_length=254, blank=True)
    # When the next attempt is due: the notification's due time, later after a failure (backoff).
    due_at = models.DateTimeField(_("due"))
    # A deputy who takes a daily digest gets this channel's message inside the next digest instead.
    in_digest = models.BooleanField(default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claim_token = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    failure = models.CharField(_("failure"), max_length=20, choices=Failure.choices, blank=True)
    # The provider's message id (BizId, SerialNo, msgid) and its delivery receipt.
    provider_id = models.CharField(_("provider's message id"), max_length=64, blank=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    receipt = models.CharField(_("delivery receipt"), max_length=20, blank=True)

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
    channels = models.CharField(
        _("channels"),
        max_length=50,
        blank=True,
        help_text=_(
            "The channels to try in order, separated by commas, e.g. wecom,sms,email; the next is used only "
            "when one fails. Empty: the default order. The inbox is always added for those with an account."
        ),
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

    @property
    def channel_order(self):
        """The external channels to try, in order (the inbox is not one of them)."""
        text = (self.channels or settings.REMINDER_CHANNELS).replace("，", ",")
        known = set(Delivery.Channel.values) - {Delivery.Channel.INBOX}
        names = [part.strip() for part in text.split(",")]
        return list(dict.fromkeys(name for name in names if name in known))
