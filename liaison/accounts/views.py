"""The accounts pages of committee staff and administrators: the list, one account, and its changes."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.accounts.forms import PasswordSetForm, UserFilter, UserForm
from liaison.accounts.selectors import user_events, user_rows, users_visible_to
from liaison.accounts.services import (
    activation_issue,
    may_manage,
    user_create,
    user_password_set,
    user_set_active,
    user_update,
)
from liaison.core.access import is_committee_staff, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.phones import mask_phone


def _user(request, pk):
    return get_object_or_404(user_rows(users_visible_to(request.user)), pk=pk)


def _page(user):
    return reverse("accounts:user_detail", args=[user.pk])


@role_required(is_committee_staff)
def user_list(request):
    users = UserFilter(request.GET, queryset=users_visible_to(request.user), request=request)
    return render(
        request, "liaison/user_list.html", {"filter": users, "page": paginate(request, user_rows(users.qs))}
    )


@role_required(is_committee_staff)
def user_detail(request, pk):
    user = _user(request, pk)
    context = {"account": user, "can_manage": may_manage(request.user, user), "events": user_events(user)}
    return render(request, "liaison/user_detail.html", context)


@role_required(is_committee_staff)
def user_create_view(request):
    form = UserForm(request.POST or None, actor=request.user)
    if form.is_valid():
        with refused_to_message(request, "accounts:users", form=form) as refusal:
            user = user_create(actor=request.user, **form.service_fields())
            messages.success(
                request, _("The account %(username)s was created.") % {"username": user.username}
            )
            if not user.is_active:
                return _activation_answer(request, user, activation_issue(actor=request.user, user=user))
            return redirect(_page(user))
        if refusal.response:
            return refusal.response
    return render(request, "form_page.html", {"form": form, "title": _("New account")})


@role_required(is_committee_staff)
def user_edit(request, pk):
    user = _user(request, pk)
    form = UserForm(request.POST or None, instance=user, actor=request.user)
    if form.is_valid():
        with refused_to_message(request, _page(user), form=form) as refusal:
            user_update(actor=request.user, user=user, **form.service_fields())
            messages.success(request, _("Saved."))
            return redirect(_page(user))
        if refusal.response:
            return refusal.response
    return render(
        request, "form_page.html", {"form": form, "title": _("Edit account"), "subtitle": user.username}
    )


@require_POST
@role_required(is_committee_staff)
def user_active(request, pk):
    user = _user(request, pk)
    active = request.POST.get("active") == "1"
    with refused_to_message(request, _page(user)) as refusal:
        user_set_active(actor=request.user, user=user, active=active)
        messages.success(request, _("The account is enabled.") if active else _("The account is disabled."))
    return refusal.response or redirect(_page(user))


@role_required(is_committee_staff)
def user_password(request, pk):
    user = _user(request, pk)
    form = PasswordSetForm(request.POST or None)
    if form.is_valid():
        with refused_to_message(request, _page(user), form=form) as refusal:
            user_password_set(actor=request.user, user=user, password=form.cleaned_data["password1"])
            messages.success(request, _("The password is set; the account's sessions have ended."))
            return redirect(_page(user))
        if refusal.response:
            return refusal.response
    return render(
        request, "form_page.html", {"form": form, "title": _("Set a password"), "subtitle": user.username}
    )


@require_POST
@role_required(is_committee_staff)
def user_activation(request, pk):
    user = _user(request, pk)
    with refused_to_message(request, _page(user)) as refusal:
        return _activation_answer(request, user, activation_issue(actor=request.user, user=user))
    return refusal.response


def _activation_answer(request, user, issued):
    """Back to the account when the SMS went; otherwise the link, shown this once, to pass on by hand."""
    if issued.sent:
        messages.success(
            request, _("An activation link was sent by SMS to %(phone)s.") % {"phone": mask_phone(user.phone)}
        )
        return redirect(_page(user))
    return render(request, "liaison/activation_issued.html", {"account": user, "link": issued.link})
