"""State changes of accounts, one function each, with who may take them (SECURITY.md, "Managing accounts"):
administrators manage every account, committee staff every one but administrators'; officers only create
the accounts of deputies of their stations and send them their activation link again, through the roster.

The security log gets a line for each change: role, activity, unit, username and personal fields from the
account's own receivers (liaison/security_receivers.py, which also see the admin), stations, deputy records
and activation links from here."""

import secrets
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from liaison.accounts.models import ActivationToken, secret_digest
from liaison.accounts.selectors import unused_link
from liaison.accounts.sms import AccountSms, account_sms_send
from liaison.core.access import refuse_unless_committee_staff
from liaison.core.errors import ActionRefused
from liaison.core.phones import mainland_mobile
from liaison.models import User
from liaison.security import SecurityEvent, security_record
from liaison.selectors import jurisdictions_under, stations_visible_to, units_visible_to

Role = User.Role


def may_manage(actor, user):
    """Whether `actor` may change `user`'s account on the accounts pages."""
    if actor.role == Role.ADMIN:
        return True
    return actor.role == Role.STAFF and user.role != Role.ADMIN


def _refuse_unless_manages(actor, user):
    refuse_unless_committee_staff(actor)
    if not may_manage(actor, user):
        raise ActionRefused(_("Only an administrator may change an administrator's account."))


def _refuse_on_oneself(actor, user, message):
    if actor.pk == user.pk:
        raise ActionRefused(message)


def _refuse_role(actor, role):
    if role == Role.ADMIN and actor.role != Role.ADMIN:
        raise ActionRefused(_("Only an administrator may make someone an administrator."))


def _refuse_outside_scope(actor, *, role, jurisdiction, stations, handling_unit):
    """Staff of a jurisdiction give an account only what lies under theirs: never the whole deployment."""
    if actor.sees_everything:
        return
    outside = (
        (
            role in {Role.STAFF, Role.ADMIN}
            and not jurisdictions_under(actor).filter(pk=getattr(jurisdiction, "pk", None)).exists()
        )
        or (
            role == Role.OFFICER
            and stations_visible_to(actor).filter(pk__in=[s.pk for s in stations]).count() != len(stations)
        )
        or (
            role == Role.UNIT
            and not units_visible_to(actor).filter(pk=getattr(handling_unit, "pk", None)).exists()
        )
    )
    if outside:
        raise ActionRefused(_("You may only give an account what lies under your own jurisdiction."))


def _record(actor, user, detail):
    security_record(SecurityEvent.Kind.ACCOUNT_CHANGED, user=actor, target=user, detail=detail)


def _ids(rows):
    return sorted(row.pk for row in rows)


def _set_scope(*, actor, user, role, stations, handling_unit, jurisdiction):
    """The scope follows the role: an officer's stations, a unit user's unit, staff's jurisdiction; the
    rest is cleared."""
    stations = list(stations) if role == Role.OFFICER else []
    _refuse_outside_scope(
        actor, role=role, jurisdiction=jurisdiction, stations=stations, handling_unit=handling_unit
    )
    before = _ids(user.stations.all())
    if _ids(stations) != before:
        user.stations.set(stations)
        _record(actor, user, f"stations: {before} → {_ids(stations)}")
    if role != Role.DEPUTY and hasattr(user, "deputy"):
        deputy = user.deputy
        deputy.user = None
        deputy.save(update_fields=["user"])
        _record(actor, user, f"deputy record #{deputy.pk} unlinked")
    user.handling_unit = handling_unit if role == Role.UNIT else None
    user.jurisdiction = jurisdiction if role in {Role.STAFF, Role.ADMIN} else None


@transaction.atomic
def user_create(
    *, actor, username, role, stations=(), handling_unit=None, jurisdiction=None, password="", **fields
):
    """A new account: active at once with a password; without one, inactive until its activation link is
    used (activation_issue sends it)."""
    refuse_unless_committee_staff(actor)
    _refuse_role(actor, role)
    user = User(username=username, role=role, is_active=bool(password), **fields)
    user.handling_unit = handling_unit if role == Role.UNIT else None
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.jurisdiction = jurisdiction if role in {Role.STAFF, Role.ADMIN} else None
    user.save()
    _set_scope(
        actor=actor,
        user=user,
        role=role,
        stations=stations,
        handling_unit=handling_unit,
        jurisdiction=jurisdiction,
    )
    return user


@transaction.atomic
def user_update(*, actor, user, role, stations=(), handling_unit=None, jurisdiction=None, **fields):
    """Change an account's details, role and scope."""
    _refuse_unless_manages(actor, user)
    _refuse_role(actor, role)
    if role != user.role:
        _refuse_on_oneself(actor, user, _("You cannot change your own role."))
    for name, value in fields.items():
        setattr(user, name, value)
    user.role = role
    _set_scope(
        actor=actor,
        user=user,
        role=role,
        stations=stations,
        handling_unit=handling_unit,
        jurisdiction=jurisdiction,
    )
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def user_set_active(*, actor, user, active):
    """Enable or disable an account. Disabling ends its sessions at their next request and kills its
    activation links, so an old SMS cannot bring it back."""
    _refuse_unless_manages(actor, user)
    if not active:
        _refuse_on_oneself(actor, user, _("You cannot disable your own account."))
        user.activation_tokens.filter(used_at__isnull=True).delete()
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def user_password_set(*, actor, user, password):
    """Set a new password for someone (they may change it afterwards); their sessions end."""
    _refuse_unless_manages(actor, user)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password", "password_changed_at"])
    return user


# --- Activation links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issued:
    link: str
    sent: bool  # whether the SMS went out; otherwise staff pass the link on by hand


def awaits_activation(user):
    """An account made without a password whose link has not been used yet (selectors.unused_link)."""
    return User.objects.filter(pk=user.pk, is_active=False).filter(unused_link()).exists()


def _refuse_unless_sends_activation(actor, user):
    """Those who manage the account; and an officer for a deputy's account still waiting for activation
    (the roster lets them reach only their stations' deputies), never for one in use or disabled."""
    if may_manage(actor, user):
        return
    if actor.is_officer and user.role == Role.DEPUTY and awaits_activation(user):
        return
    raise ActionRefused(_("Only committee staff may send this account a new link."))


def activation_issue(*, actor, user):
    """A new activation link for `user` (their older ones stop working), sent by SMS to the account's
    mobile when it has one. The link is returned too, for staff to pass on when no SMS could go."""
    _refuse_unless_sends_activation(actor, user)
    return _activation_send(actor, user)


def _activation_send(actor, user):
    raw = secrets.token_urlsafe(24)
    now = timezone.now()
    with transaction.atomic():
        user.activation_tokens.filter(used_at__isnull=True).delete()
        token = ActivationToken.objects.create(
            user=user,
            token_digest=secret_digest("activation", raw),
            created_by=actor,
            created_at=now,
            expires_at=now + timedelta(hours=settings.ACCOUNT_ACTIVATION_HOURS),
        )
    link = settings.REMINDER_SITE_URL + reverse("accounts:activate", args=[raw])
    sent = mainland_mobile(user.phone) and _send_activation(user, token, link)
    _record(actor, user, "activation link sent by SMS" if sent else "activation link issued")
    return Issued(link=link, sent=sent)


ACTIVATION_TEXT = gettext_lazy(
    "%(name)s, your account at the deputy liaison station is ready. Open this link within %(hours)d hours "
    "to activate it, then log in with this phone number: %(link)s"
)


def _send_activation(user, token, link):
    hours = settings.ACCOUNT_ACTIVATION_HOURS
    with override(settings.LANGUAGE_CODE):
        text = str(ACTIVATION_TEXT) % {
            "name": user.display_name or user.username,
            "hours": hours,
            "link": link,
        }
    message = AccountSms(
        reference=f"activation-{token.pk}",
        phone=user.phone,
        kind="account_activation",
        params={"name": user.display_name or user.username, "hours": str(hours), "link": link},
        text=text,
    )
    return account_sms_send(message)


def activation_token_get(raw):
    """The token behind a link, or None; a used or expired one is returned too, to say so."""
    return (
        ActivationToken.objects.select_related("user")
        .filter(token_digest=secret_digest("activation", raw))
        .first()
    )


@transaction.atomic
def activation_redeem(*, token, password=""):
    """Use a link once: the account becomes active, with the password chosen if any (phone login needs
    none)."""
    token = ActivationToken.objects.select_for_update(of=("self",)).select_related("user").get(pk=token.pk)
    if not token.is_usable:
        raise ActionRefused(_("This link has expired or was already used. Ask the station for a new one."))
    user = token.user
    if password:
        password_validation.validate_password(password, user)
        user.set_password(password)
    user.is_active = True
    user.save()
    token.used_at = timezone.now()
    token.save(update_fields=["used_at"])
    security_record(SecurityEvent.Kind.ACCOUNT_CHANGED, target=user, detail="activation link used")
    return user


# --- Deputies' accounts, from the roster -----------------------------------------------------------------


class NoAccount(models.TextChoices):
    """Why a deputy picked on the roster got no account."""

    HAS_ACCOUNT = "has_account", gettext_lazy("already has an account")
    LEFT = "left", gettext_lazy("no longer serving")
    NO_MOBILE = "no_mobile", gettext_lazy("no mainland mobile on record: add one to the roster first")
    PHONE_TAKEN = "phone_taken", gettext_lazy("the mobile on record is already another account's")


@dataclass
class AccountsReport:
    created: list = field(default_factory=list)  # (deputy, sms sent?)
    refused: list = field(default_factory=list)  # (deputy, NoAccount)


def _refuse_unless_creates_deputy_accounts(actor):
    if not (actor.is_committee_staff or actor.is_officer):
        raise ActionRefused(_("Only committee staff and liaison officers may create deputies' accounts."))


def _why_no_account(deputy):
    if deputy.user_id is not None:
        return NoAccount.HAS_ACCOUNT
    if not deputy.is_active:
        return NoAccount.LEFT
    if not mainland_mobile(deputy.phone):
        return NoAccount.NO_MOBILE
    if User.objects.filter(phone=mainland_mobile(deputy.phone)).exists():
        return NoAccount.PHONE_TAKEN
    return None


def _free_username(base):
    taken = set(User.objects.filter(username__startswith=base).values_list("username", flat=True))
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def deputies_accounts_create(*, actor, deputies):
    """Create an account for each of `deputies` (already limited to the actor's scope by the caller: the
    roster reads them through deputies_managed_by) and send each its activation link; a deputy who cannot
    have one is reported with the reason, and nothing is created for them."""
    _refuse_unless_creates_deputy_accounts(actor)
    report = AccountsReport()
    for deputy in deputies:
        reason = _why_no_account(deputy)
        if reason is not None:
            report.refused.append((deputy, reason))
            continue
        with transaction.atomic():
            user = User(
                username=_free_username(f"deputy{deputy.pk}"),
                role=Role.DEPUTY,
                display_name=deputy.name,
                phone=mainland_mobile(deputy.phone),
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            deputy.user = user
            deputy.save(update_fields=["user"])
            _record(actor, user, f"deputy record #{deputy.pk} linked")
        report.created.append((deputy, _activation_send(actor, user).sent))
    return report


@transaction.atomic
def deputy_account_link(*, actor, deputy, user):
    """Link an existing deputy account, not yet linked, to a deputy record that has none."""
    _refuse_unless_manages(actor, user)
    if deputy.user_id is not None:
        raise ActionRefused(_("This deputy already has an account."))
    if user.role != Role.DEPUTY or hasattr(user, "deputy"):
        raise ActionRefused(_("Only a deputy's account that belongs to no deputy yet can be linked."))
    deputy.user = user
    deputy.save(update_fields=["user"])
    _record(actor, user, f"deputy record #{deputy.pk} linked")
    return deputy


@transaction.atomic
def deputy_account_unlink(*, actor, deputy):
    """Part a deputy record from its account; the account stays, seeing nothing until linked again."""
    user = deputy.user
    if user is None:
        raise ActionRefused(_("This deputy has no account."))
    _refuse_unless_manages(actor, user)
    deputy.user = None
    deputy.save(update_fields=["user"])
    _record(actor, user, f"deputy record #{deputy.pk} unlinked")
    return deputy
