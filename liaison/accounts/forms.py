from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.phones import is_mainland_mobile, normalise_phone


def clean_mobile(raw):
    """A mainland mobile in E.164, or a ValidationError saying why not."""
    phone = normalise_phone(raw)
    if phone and not is_mainland_mobile(phone):
        raise forms.ValidationError(_("Enter a mainland mobile number (11 digits, starting with 1)."))
    return phone


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "autofocus": True}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(_("Enter a mainland mobile number (11 digits, starting with 1)."))
        return phone


class PhoneCodeForm(PhoneForm):
    phone = forms.CharField(widget=forms.HiddenInput)
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\d{6}$",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        error_messages={"invalid": _("The code has six digits.")},
    )
