"""The security log (等保2.0 安全审计; 网络安全法 Art. 21 asks for at least 180 days): an append-only table of
logins, lockouts, denied access, reveals of personal data, exports, imports and account changes.

Append-only in three layers: the model refuses updates and deletes, the admin and the pages offer neither,
and database triggers (PostgreSQL and SQLite alike, see the migration) abort any UPDATE or DELETE, so not
even a service or a query can change the record. Rows are kept: retention beyond 180 days is the operator's
archive policy."""

import re
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The request being served, so that events raised far from a view (a model signal) still say who and where.
current_request = ContextVar("current_request", default=None)


class AppendOnlyError(Exception):
    pass


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("the security log is append-only")

    def delete(self):
        raise AppendOnlyError("the security log is append-only")


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN_SUCCEEDED = "login_succeeded", _("Login")
        LOGIN_FAILED = "login_failed", _("Failed login")
        LOCKED_OUT = "locked_out", _("Locked out")
        LOGGED_OUT = "logged_out", _("Logout")
        ACCESS_DENIED = "access_denied", _("Access denied")
        PERSONAL_DATA_REVEALED = "personal_data_revealed", _("Personal data revealed")
        PERSONAL_DATA_ERASED = "personal_data_erased", _("Personal data erased (retention)")
        EXPORTED = "exported", _("Export")
        IMPORTED = "imported", _("Import")
        ACCOUNT_CHANGED = "account_changed", _("Account or role changed")
        PASSWORD_CHANGED = "password_changed", _("Password changed")
        PUBLISHED = "published", _("Published to the public")
        POLICY_CHANGED = "policy_changed", _("Policy changed")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Kept as written at the time: the log must read the same after an account is renamed.
    username = models.CharField(_("username"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)
    target = models.CharField(_("record"), max_length=200, blank=True, help_text=_("e.g. voters.Voter #42"))
    detail = models.CharField(_("detail"), max_length=500, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("the security log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("the security log is append-only")

    def target_label(self):
        return target_label(self.target)

    def detail_label(self):
        if self.kind == self.Kind.POLICY_CHANGED:
            return policy_detail_label(self.detail)
        return detail_label(self.detail)


def security_record(kind, *, request=None, user=None, username="", target=None, detail=""):
    """Append one event. `user` is who acted (default: the request's user); `target` is what it was about, a
    model instance or a text: ids only, never personal data."""
    request = request or current_request.get()
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    if isinstance(target, models.Model):
        target = f"{target._meta.label} #{target.pk}"
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        username=(user.get_username() if user else username)[:150],
        address=_client_address(request),
        path=(request.get_full_path() if request is not None else "")[:300],
        target=(target or "")[:200],
        detail=str(detail)[:500],
    )


# The log keeps targets and details as they were written, in English (rewriting them would rewrite history);
# these are how the page shows them.
TARGET_LABELS = {
    "voters": _("Voters"),
    "opinions_register": _("Opinions register"),
    "feedback_register": _("Feedback register"),
    "deputies roster": _("Roster"),
}
DETAIL_LABELS = {
    "not found or out of scope": _("Not found or out of scope"),
    "role not allowed": _("Role not allowed"),
    "wrong second-factor code": _("Wrong second-factor code"),
    "second factor turned on": _("Second factor turned on"),
    "activation link used": _("Activation link used"),
}
RECORD = re.compile(r"^(?P<label>\w+\.\w+) #(?P<pk>\d+)$")
ROWS = re.compile(r"^(?P<count>\d+) rows$")
CREATED = re.compile(r"^created, role=(?P<role>\w+)$")


def target_label(target):
    """A target as staff read it: an export's name, or a record as its model's name and number."""
    if target in TARGET_LABELS:
        return TARGET_LABELS[target]
    if match := RECORD.match(target):
        try:
            model = apps.get_model(match["label"])
        except LookupError:
            return target
        return f"{model._meta.verbose_name} #{match['pk']}"
    return target


def detail_label(detail):
    if detail in DETAIL_LABELS:
        return DETAIL_LABELS[detail]
    if match := ROWS.match(detail):
        count = int(match["count"])
        return ngettext("%(count)s row", "%(count)s rows", count) % {"count": count}
    if match := CREATED.match(detail):
        roles = dict(apps.get_model(settings.AUTH_USER_MODEL)._meta.get_field("role").choices)
        return _("Account created, role: %(role)s") % {"role": roles.get(match["role"], match["role"])}
    return target_label(detail)  # a revealed record's opinion reads like a target


def policy_detail_label(detail):
    """A policy change (`field: old → new; ...`, liaison/policies/services.py) in the reader's words: each
    field by its label, each value as the page shows it."""
    model = apps.get_model("liaison.Policy")
    lines = []
    for change in detail.split("; "):
        name, _colon, values = change.partition(": ")
        old, _arrow, new = values.partition(" → ")
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            lines.append(change)
            continue
        lines.append(
            _("%(field)s: %(old)s → %(new)s")
            % {"field": field.verbose_name, "old": _field_value(field, old), "new": _field_value(field, new)}
        )
    return "; ".join(str(line) for line in lines)


def _field_value(field, value):
    if isinstance(field, models.BooleanField):
        return {"True": _("yes"), "False": _("no")}.get(value, value)
    return dict(field.flatchoices).get(value, value)


def _client_address(request):
    if request is None:
        return None
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or None
