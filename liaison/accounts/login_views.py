"""The pages of people without a session: login by phone and SMS code, and the activation link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.accounts.forms import PasswordSetForm, PhoneCodeForm, PhoneForm
from liaison.accounts.login_codes import lockout_name, login_code_send
from liaison.accounts.services import activation_redeem, activation_token_get
from liaison.core.errors import ActionRefused, refused_to_message
from liaison.core.phones import mask_phone
from liaison.core.redirects import next_or_home

TEMPLATE = "registration/phone_login.html"


def phone_login(request):
    """Two steps on one page: the number, then the code sent to it. Every number gets the same answers."""
    if "code" in request.POST:
        return _check_code(request)
    form = PhoneForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form})
    phone, target = form.cleaned_data["phone"], form.cleaned_data["next"]
    code_form = PhoneCodeForm(initial={"phone": phone, "next": target})
    try:
        login_code_send(request, phone)
    except ActionRefused as refused:
        # The last code sent may still be on its way: the code step stays, with the reason.
        return _code_step(request, code_form, phone, refusal=refused.messages[0])
    return _code_step(request, code_form, phone)


def _check_code(request):
    form = PhoneCodeForm(request.POST)
    if form.is_valid():
        phone = form.cleaned_data["phone"]
        user = authenticate(
            request, username=lockout_name(phone), phone=phone, code=form.cleaned_data["code"]
        )
        if user is not None:
            login(request, user)
            return redirect(next_or_home(request, form.cleaned_data["next"]))
        form.add_error("code", _("This code is not right, or it has expired. Ask for a new one."))
    elif "phone" in form.errors:  # a hidden field changed by hand: start again
        return redirect("accounts:phone_login")
    return _code_step(request, form, form.cleaned_data["phone"])


def _code_step(request, form, phone, refusal=""):
    context = {
        "form": form,
        "phone": phone,
        "masked_phone": mask_phone(phone),
        "minutes": settings.LOGIN_CODE_VALID_SECONDS // 60,
        "refusal": refusal,
    }
    return render(request, TEMPLATE, context)


def activate(request, token):
    """An activation link from an SMS: the person may choose a password, or nothing (phone login)."""
    token = activation_token_get(token)
    if token is None or not token.is_usable:
        return render(request, "registration/activation_invalid.html", status=404)
    form = PasswordSetForm(request.POST or None, required=False, label=_("Activate my account"))
    if form.is_valid():
        with refused_to_message(request, "accounts:phone_login", form=form) as refusal:
            activation_redeem(token=token, password=form.cleaned_data["password1"])
            messages.success(
                request, _("Your account is active. Log in with your mobile number and a code sent to it.")
            )
            return redirect("accounts:phone_login")
        if refusal.response:
            return refusal.response
    context = {"form": form, "account": token.user, "masked_phone": mask_phone(token.user.phone)}
    return render(request, "registration/activation.html", context)
