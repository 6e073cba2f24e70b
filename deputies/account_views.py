"""Deputies' accounts from the roster (issue 14): many at once, each with its activation link by SMS, and
one deputy's account on its own page. The accounts are the accounts room's (liaison/accounts); these pages
pick the deputies, within the user's scope."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.forms import DeputyAccountsForm
from deputies.selectors import deputies_managed_by, groups_visible_to
from liaison.accounts.selectors import unlinked_deputy_accounts
from liaison.accounts.services import (
    activation_issue,
    awaits_activation,
    deputies_accounts_create,
    deputy_account_link,
    deputy_account_unlink,
)
from liaison.core.access import is_committee_staff, manages_network, role_required
from liaison.core.errors import ActionRefused, refused_to_message
from liaison.core.params import whole_number
from liaison.core.phones import mask_phone
from liaison.selectors import stations_managed_by


@role_required(manages_network)
def deputy_accounts(request):
    deputies = deputies_managed_by(request.user)
    form = DeputyAccountsForm(
        request.POST or None,
        deputies=deputies,
        groups=groups_visible_to(request.user),
        stations=stations_managed_by(request.user),
    )
    if form.is_valid():
        report = deputies_accounts_create(actor=request.user, deputies=form.chosen(deputies))
        return render(request, "deputies/deputy_accounts_report.html", {"report": report})
    context = {
        "form": form,
        "without_account": deputies.filter(is_active=True, user__isnull=True).count(),
        "hours": settings.ACCOUNT_ACTIVATION_HOURS,
    }
    return render(request, "deputies/deputy_accounts.html", context)


def _deputy(request, pk):
    return get_object_or_404(deputies_managed_by(request.user).select_related("user"), pk=pk)


def _back(deputy):
    return reverse("deputies:account", args=[deputy.pk])


@role_required(manages_network)
def deputy_account(request, pk):
    deputy = _deputy(request, pk)
    context = {
        "deputy": deputy,
        "account": deputy.user,
        "awaits_activation": deputy.user is not None and awaits_activation(deputy.user),
        "candidates": unlinked_deputy_accounts(request.user) if request.user.is_committee_staff else [],
    }
    return render(request, "deputies/deputy_account.html", context)


@require_POST
@role_required(manages_network)
def account_activation_view(request, pk):
    """Create the deputy's account if there is none, and send the activation link by SMS."""
    deputy = _deputy(request, pk)
    with refused_to_message(request, _back(deputy)) as refusal:
        if _activation_sent(request.user, deputy):
            phone = mask_phone(deputy.user.phone)
            messages.success(
                request, _("An activation link was sent by SMS to %(phone)s.") % {"phone": phone}
            )
        else:
            messages.error(request, _("The SMS could not be sent. Try again later."))
    return refusal.response or redirect(_back(deputy))


def _activation_sent(actor, deputy):
    if deputy.user is None:
        report = deputies_accounts_create(actor=actor, deputies=[deputy])
        if report.refused:
            raise ActionRefused(report.refused[0][1].label)
        return report.created[0][1]
    return activation_issue(actor=actor, user=deputy.user).sent


@require_POST
@role_required(is_committee_staff)
def account_link_view(request, pk):
    deputy = _deputy(request, pk)
    account = get_object_or_404(
        unlinked_deputy_accounts(request.user), pk=whole_number(request.POST.get("user"))
    )
    with refused_to_message(request, _back(deputy)) as refusal:
        deputy_account_link(actor=request.user, deputy=deputy, user=account)
        messages.success(request, _("The account is linked to this deputy."))
    return refusal.response or redirect(_back(deputy))


@require_POST
@role_required(is_committee_staff)
def account_unlink_view(request, pk):
    deputy = _deputy(request, pk)
    with refused_to_message(request, _back(deputy)) as refusal:
        deputy_account_unlink(actor=request.user, deputy=deputy)
        messages.success(request, _("The account no longer belongs to this deputy."))
    return refusal.response or redirect(_back(deputy))
