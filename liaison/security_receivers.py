"""Authentication events into the security log (and the second-factor check at login). Signals, because Django and django-axes emit them; the
domain's own state changes never go through signals."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from liaison.second_factor import second_factor_needed
from liaison.security import SecurityEvent, security_record


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    security_record(SecurityEvent.Kind.LOGIN_SUCCEEDED, request=request, user=user)
    second_factor_needed(request, user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        security_record(SecurityEvent.Kind.LOGGED_OUT, request=request, user=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    security_record(
        SecurityEvent.Kind.LOGIN_FAILED, request=request, username=credentials.get("username", "")
    )


@receiver(user_locked_out)
def _locked_out(sender, request, username, ip_address, **kwargs):
    security_record(SecurityEvent.Kind.LOCKED_OUT, request=request, username=username or "")


# Fields whose change is an account change worth a line in the log; the personal ones are logged without
# their values (the log holds ids, never phones).
WATCHED_FIELDS = ("role", "is_active", "is_staff", "is_superuser", "handling_unit_id", "username")
WATCHED_PERSONAL_FIELDS = ("display_name", "phone", "email")


@receiver(pre_save, sender=get_user_model())
def _remember_account(sender, instance, update_fields=None, **kwargs):
    if instance.pk is None or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    instance._security_before = (
        sender.objects.filter(pk=instance.pk).values(*WATCHED_FIELDS, *WATCHED_PERSONAL_FIELDS).first() or {}
    )


@receiver(post_save, sender=get_user_model())
def _account_saved(sender, instance, created, **kwargs):
    # set_password() leaves the new hash in _password until save() has finished.
    if getattr(instance, "_password", None) is not None and not created:
        security_record(SecurityEvent.Kind.PASSWORD_CHANGED, target=instance)
    before = getattr(instance, "_security_before", None)
    if created:
        security_record(
            SecurityEvent.Kind.ACCOUNT_CHANGED, target=instance, detail=f"created, role={instance.role}"
        )
    elif before:
        changes = [
            f"{name}: {before[name]} → {getattr(instance, name)}"
            for name in WATCHED_FIELDS
            if before.get(name) != getattr(instance, name)
        ] + [
            f"{name} changed"
            for name in WATCHED_PERSONAL_FIELDS
            if before.get(name) != getattr(instance, name)
        ]
        if changes:
            security_record(SecurityEvent.Kind.ACCOUNT_CHANGED, target=instance, detail="; ".join(changes))
    instance._security_before = None
