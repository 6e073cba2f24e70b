"""The two secrets accounts send by SMS. Neither is kept in clear: a row holds a keyed digest
(`secret_digest`), so a copy of the database gives no working link or code."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


def secret_digest(purpose, value):
    """The keyed digest (HMAC with SECRET_KEY) a row keeps of a token, a code or a phone number."""
    return salted_hmac(f"liaison.accounts.{purpose}", value, algorithm="sha256").hexdigest()


class ActivationToken(models.Model):
    """A single-use link that activates an account, or lets its owner set a new password; it expires
    after ACCOUNT_ACTIVATION_HOURS. Issuing a new one, or disabling the account, deletes the others."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="activation_tokens",
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("activation link")
        verbose_name_plural = _("activation links")

    def __str__(self):
        return f"{self._meta.label} #{self.pk}"

    @property
    def is_usable(self):
        return self.used_at is None and self.expires_at > timezone.now()


class SmsCode(models.Model):
    """A code sent by SMS to prove a number (liaison/accounts/sms_codes.py): the number and the code kept
    as digests only; the rows are also what the limits count. Each purpose has its own table."""

    phone_digest = models.CharField(max_length=64)
    code_digest = models.CharField(max_length=64)
    address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.label} #{self.pk}"


class LoginCode(SmsCode):
    """One code asked for on the phone login page. A row is written for every request, also for a number
    that is no account's (with no user and no SMS), so that the limits and the answers are the same
    either way."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("login code")
        verbose_name_plural = _("login codes")
        indexes = [
            models.Index(fields=["phone_digest", "created_at"], name="login_code_phone"),
            models.Index(fields=["address", "created_at"], name="login_code_address"),
        ]
