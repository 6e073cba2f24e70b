import django_filters
from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.accounts.selectors import unused_link
from liaison.core.filters import StyledFilterSet
from liaison.core.forms import SaveFormHelper
from liaison.core.phones import mainland_mobile, normalise_phone
from liaison.models import User
from liaison.selectors import jurisdictions_under, stations_visible_to, units_visible_to


def clean_mobile(raw):
    """A mainland mobile in E.164, or a ValidationError saying why not."""
    phone = normalise_phone(raw)
    if phone and not mainland_mobile(phone):
        raise forms.ValidationError(_("Enter a mainland mobile number (11 digits, starting with 1)."))
    return phone


class UserForm(forms.ModelForm):
    """An account's details, role and scope. The deputy record a deputy's account belongs to is linked on
    the deputy's page, which belongs to the roster."""

    START_LINK, START_PASSWORD = "link", "password"
    start = forms.ChoiceField(
        label=_("How the account starts"),
        choices=[
            (START_LINK, _("Send an activation link by SMS (the person then logs in with their phone)")),
            (START_PASSWORD, _("Set a password now")),
        ],
        initial=START_LINK,
        widget=forms.RadioSelect,
    )
    password = forms.CharField(
        label=_("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "phone",
            "email",
            "role",
            "jurisdiction",
            "stations",
            "handling_unit",
        ]
        widgets = {"stations": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {
            "phone": _("A mainland mobile: the person logs in with it and an SMS code."),
            "stations": _("For a liaison officer: the stations and points they look after."),
            "handling_unit": _("For a handling unit's staff."),
            "jurisdiction": _(
                "For committee staff: the city, district or street they work for. Empty: all of them."
            ),
        }

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff of a jurisdiction pick from what lies under it.
        self.actor = actor
        self.fields["jurisdiction"].queryset = jurisdictions_under(actor)
        self.fields["stations"].queryset = (
            stations_visible_to(actor).filter(is_active=True).order_by("kind", "name")
        )
        self.fields["handling_unit"].queryset = units_visible_to(actor).filter(is_active=True)
        if actor.role != User.Role.ADMIN and self.instance.role != User.Role.ADMIN:
            self.fields["role"].choices = [
                choice for choice in self.fields["role"].choices if choice[0] != User.Role.ADMIN
            ]
        if self.instance.pk:
            del self.fields["start"], self.fields["password"]
        self.helper = SaveFormHelper()

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        if phone and User.objects.filter(phone=phone).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Another account has this mobile number already."))
        return phone

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == User.Role.OFFICER and not cleaned.get("stations"):
            self.add_error("stations", _("Choose the stations this liaison officer looks after."))
        if role in {User.Role.STAFF, User.Role.ADMIN} and not (
            cleaned.get("jurisdiction") or self.actor.sees_everything
        ):
            self.add_error("jurisdiction", _("Choose the jurisdiction this account works for."))
        if role == User.Role.UNIT and not cleaned.get("handling_unit"):
            self.add_error("handling_unit", _("Choose the unit this account works for."))
        start = cleaned.get("start")
        if start == self.START_LINK and not cleaned.get("phone"):
            self.add_error("phone", _("An activation link goes by SMS: enter the mobile number."))
        if start == self.START_PASSWORD and not cleaned.get("password"):
            self.add_error("password", _("Enter the password."))
        return cleaned

    def service_fields(self):
        """What the services take: the model's fields, and the password when one was set now."""
        fields = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if self.cleaned_data.get("start") == self.START_PASSWORD:
            fields["password"] = self.cleaned_data["password"]
        return fields


class UserFilter(StyledFilterSet):
    ACTIVE, AWAITING, DISABLED = "active", "awaiting", "disabled"

    q = django_filters.CharFilter(label=_("Search"), method="search")
    role = django_filters.ChoiceFilter(label=_("Role"), choices=User.Role.choices)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(ACTIVE, _("Active")), (AWAITING, _("Awaiting activation")), (DISABLED, _("Disabled"))],
        method="by_status",
    )

    class Meta:
        model = User
        fields = ["q", "role", "status"]

    def search(self, queryset, name, value):
        """By name or username, or by the whole mobile number."""
        value = value.strip()
        condition = Q(username__icontains=value) | Q(display_name__contains=value)
        try:
            phone = normalise_phone(value)
        except forms.ValidationError:
            phone = ""
        return queryset.filter(condition | Q(phone=phone) if phone else condition)

    def by_status(self, queryset, name, value):
        if value == self.ACTIVE:
            return queryset.filter(is_active=True)
        inactive = queryset.filter(is_active=False)
        return inactive.filter(unused_link()) if value == self.AWAITING else inactive.exclude(unused_link())


class PasswordSetForm(forms.Form):
    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, required=True, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].required = self.fields["password2"].required = required
        self.helper = SaveFormHelper(label=label)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1", "") != cleaned.get("password2", ""):
            self.add_error("password2", _("The two passwords differ."))
        return cleaned


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
