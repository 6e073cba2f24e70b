"""An optional second factor (TOTP, RFC 6238) through django-otp: a user who set one up, or whose role is in
OTP_REQUIRED_ROLES (a 等保 level-3 switch), must give a code after the password before using the site."""

from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from liaison.core.forms import SaveFormHelper
from liaison.core.qr import qr_svg
from liaison.core.redirects import next_or_home
from liaison.security import SecurityEvent, security_record

PENDING = "_second_factor_pending"  # "verify" or "setup", set at login, cleared once a code is accepted


def second_factor_needed(request, user):
    """Called at login: remember in the session whether this login still needs a code."""
    if user_has_device(user):
        request.session[PENDING] = "verify"
    elif user.role in settings.OTP_REQUIRED_ROLES:
        request.session[PENDING] = "setup"


class CodeForm(forms.Form):
    code = forms.RegexField(
        label=gettext_lazy("Six-digit code"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"invalid": gettext_lazy("Enter the six digits your authenticator app shows.")},
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=label or _("Verify"))


@login_required
def second_factor_verify(request):
    form = CodeForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():  # for_verify locks the devices, so throttling counts every try
            devices = devices_for_user(request.user, for_verify=True)
            device = next((d for d in devices if d.verify_token(form.cleaned_data["code"])), None)
        if device is not None:
            otp_login(request, device)
            request.session.pop(PENDING, None)
            return redirect(next_or_home(request, request.GET.get("next", "")))
        security_record(SecurityEvent.Kind.LOGIN_FAILED, request=request, detail="wrong second-factor code")
        form.add_error("code", _("This code is not right, or it has expired. Try the current one."))
    return render(request, "registration/second_factor_verify.html", {"form": form})


@login_required
def second_factor_setup(request):
    """Set up an authenticator app: scan the QR code, then prove it with a code."""
    device = TOTPDevice.objects.filter(
        user=request.user, confirmed=False
    ).first() or TOTPDevice.objects.create(user=request.user, name=_("Authenticator app"), confirmed=False)
    form = CodeForm(request.POST or None, label=_("Turn on"))
    if form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=request.user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            request.session.pop(PENDING, None)
            security_record(
                SecurityEvent.Kind.ACCOUNT_CHANGED,
                request=request,
                target=request.user,
                detail="second factor turned on",
            )
            messages.success(request, _("Two-step verification is on."))
            return redirect(next_or_home(request, request.GET.get("next", "")))
        form.add_error("code", _("This code is not right, or it has expired. Try the current one."))
    key = b32encode(device.bin_key).decode()  # what authenticator apps accept when typed
    context = {"form": form, "qr": qr_svg(device.config_url), "key": key, "issuer": settings.OTP_TOTP_ISSUER}
    return render(request, "registration/second_factor_setup.html", context)
