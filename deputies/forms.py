from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy, DeputyGroup, Mandate
from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from liaison.core.forms import SaveFormHelper
from liaison.core.phones import normalise_mobile
from liaison.core.uploads import PHOTOS, check_size, check_upload


class DeputyForm(forms.ModelForm):
    groups = forms.ModelMultipleChoiceField(
        label=_("Deputy groups"),
        queryset=DeputyGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    station = forms.ModelChoiceField(label=_("Stationed at"), queryset=None, required=False)

    class Meta:
        model = Deputy
        fields = [
            "name",
            "gender",
            "birth_year",
            "ethnicity",
            "party",
            "occupation",
            "employer",
            "sector",
            "phone",
            "email",
            "wecom_userid",
            "photo",
            "pledge",
            "is_active",
        ]
        widgets = {"pledge": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, groups, stations, require_station, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups
        if self.instance.pk:
            self.initial["groups"] = list(self.instance.deputy_groups.filter(pk__in=groups.values("pk")))
            del self.fields["station"]
        else:
            self.fields["station"].queryset = stations
            self.fields["station"].required = require_station
        self.helper = SaveFormHelper()
        self.helper.layout = Layout(
            Row(Column("name"), Column("gender"), Column("birth_year"), Column("ethnicity")),
            Row(Column("party"), Column("occupation"), Column("sector")),
            Row(Column("employer"), Column("phone")),
            Row(Column("email"), Column("wecom_userid")),
            *(["station"] if "station" in self.fields else []),
            "groups",
            "photo",
            "pledge",
            "is_active",
        )

    def clean_phone(self):
        # Reminders go to this number by SMS: a mobile, refused at entry otherwise.
        return normalise_mobile(self.cleaned_data["phone"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):  # not the photo already kept, nor False for "clear"
            check_upload(photo, types=PHOTOS, max_bytes=settings.PHOTO_MAX_BYTES)
        return photo


class OwnProfileForm(forms.ModelForm):
    """What a deputy writes about themselves for the public (亮身份、亮承诺, seed 001)."""

    class Meta:
        model = Deputy
        fields = ["photo", "pledge"]
        widgets = {"pledge": forms.Textarea(attrs={"rows": 5})}

    clean_photo = DeputyForm.clean_photo

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class MandateForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = ["level", "term", "constituency", "started_on", "ended_on"]
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "ended_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.deputy = deputy
        self.helper = SaveFormHelper()


class GroupForm(forms.ModelForm):
    class Meta:
        model = DeputyGroup
        fields = ["name", "kind", "station", "leader", "members"]
        field_classes = {"leader": DeputyChoiceField, "members": DeputyMultipleChoiceField}

    def __init__(self, *args, stations, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["leader"].queryset = deputies
        self.fields["members"].queryset = deputies
        self.helper = SaveFormHelper()


class RosterImportForm(forms.Form):
    file = forms.FileField(label=_("Roster workbook (.xlsx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Check and import"))

    def clean_file(self):
        # Before the view reads the whole upload into memory.
        upload = self.cleaned_data["file"]
        check_size(upload, max_bytes=settings.ROSTER_IMPORT_MAX_BYTES)
        return upload


class StationingForm(forms.Form):
    deputy = DeputyChoiceField(label=_("Deputy"), queryset=None)
    since = forms.DateField(label=_("Since"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.helper = SaveFormHelper(label=_("Station the deputy"))


class DeputyAccountsForm(forms.Form):
    """Whose accounts to create: the deputies ticked on the roster, or a group, a station, or everyone in
    the user's scope who has none yet (serving deputies only)."""

    GROUP, STATION, EVERYONE = "group", "station", "everyone"
    mode = forms.ChoiceField(
        label=_("Create accounts for"),
        required=False,
        choices=[
            (GROUP, _("The deputies of a group")),
            (STATION, _("The deputies stationed at a station")),
            (EVERYONE, _("Every deputy without an account")),
        ],
        initial=EVERYONE,
        widget=forms.RadioSelect,
    )
    group = forms.ModelChoiceField(label=_("Deputy group"), queryset=None, required=False)
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False)
    deputy = forms.ModelMultipleChoiceField(queryset=None, required=False, widget=forms.MultipleHiddenInput)

    def __init__(self, *args, deputies, groups, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.fields["group"].queryset = groups
        self.fields["station"].queryset = stations
        self.helper = SaveFormHelper(label=_("Create the accounts and send the activation SMS"))

    def clean(self):
        cleaned = super().clean()
        mode = cleaned.get("mode")
        if cleaned.get("deputy"):
            return cleaned
        if not mode:
            self.add_error("mode", _("Tick deputies on the roster, or choose whom to create accounts for."))
        if mode == self.GROUP and not cleaned.get("group"):
            self.add_error("group", _("Choose the group."))
        if mode == self.STATION and not cleaned.get("station"):
            self.add_error("station", _("Choose the station."))
        return cleaned

    def chosen(self, deputies):
        """The deputies picked, out of `deputies` (the user's scope): the ticked ones as they are, so the
        report says why any of them gets no account; otherwise the serving ones without an account."""
        if self.cleaned_data["deputy"]:
            return self.cleaned_data["deputy"]
        without = deputies.filter(is_active=True, user__isnull=True)
        mode = self.cleaned_data["mode"]
        if mode == self.GROUP:
            return without.filter(deputy_groups=self.cleaned_data["group"])
        if mode == self.STATION:
            return without.filter(
                stationings__station=self.cleaned_data["station"], stationings__until__isnull=True
            ).distinct()
        return without
