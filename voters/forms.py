from crispy_forms.layout import Column, Fieldset, Layout, Row, Submit
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Level
from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from liaison.core.forms import LongTextField, SaveFormHelper, bootstrap
from liaison.core.phones import normalise_phone
from liaison.core.uploads import MultipleFileField
from voters.models import (
    Category,
    Channel,
    MediationOutcome,
    RefusalReason,
    ReturnVisit,
    Route,
    Satisfaction,
    Voter,
    normalise_tracking_code,
)
from voters.selectors import PersonalData
from voters.uploads import ATTACHMENT_TYPES

DATE = {"type": "date"}
DATETIME = {"type": "datetime-local"}


def attachments_field(label, *, max_count=None, required=False):
    """Photos and PDFs of an opinion, checked as the intake checks them (voters/uploads.py)."""
    return MultipleFileField(
        label=label,
        types=ATTACHMENT_TYPES,
        max_bytes=settings.OPINION_ATTACHMENT_MAX_BYTES,
        max_count=max_count or settings.OPINION_ATTACHMENT_MAX_FILES,
        required=required,
    )


def clean_phone_value(value):
    return normalise_phone(value)


class OpinionForm(forms.Form):
    """An opinion as the officer logs it, with the voter who raised it (or none: anonymous)."""

    station = forms.ModelChoiceField(label=_("Station"), queryset=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.RECEPTION)
    received_at = forms.DateTimeField(
        label=_("Received at"), widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M")
    )
    deputy = DeputyChoiceField(label=_("Receiving deputy"), queryset=None, required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True), required=False
    )
    content = LongTextField(label=_("Content"), limit=5000, rows=5, attrs={"data-similar-source": "true"})
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    suggested_level = forms.ChoiceField(
        label=_("Suggested level"), choices=[("", "---------"), *Level.choices], required=False
    )
    voter_name = forms.CharField(label=_("Voter's name"), max_length=50, required=False)
    voter_phone = forms.CharField(label=_("Voter's phone"), max_length=30, required=False)
    voter_community = forms.CharField(label=_("Community or village"), max_length=100, required=False)
    voter_address = forms.CharField(label=_("Address"), max_length=200, required=False)
    voter_constituency = forms.CharField(label=_("Constituency"), max_length=100, required=False)
    voter_consent = forms.BooleanField(
        label=_("The voter agrees to be contacted about this opinion"), required=False
    )
    files = attachments_field(_("Photos or documents (images, PDF)"))

    def __init__(self, *args, stations, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputy"].queryset = deputies
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        if stations.count() == 1:
            self.fields["station"].initial = stations.first()
        self.helper = SaveFormHelper()
        # A reception day brings many opinions in a row: save and start the next with the same setting.
        another = Submit("another", _("Save and enter the next"))
        another.field_classes = "btn btn-outline-primary"
        self.helper.add_input(another)
        self.helper.attrs = {"enctype": "multipart/form-data"}
        self.helper.layout = Layout(
            Fieldset(
                _("The opinion"),
                Row(Column("station"), Column("channel"), Column("received_at"), Column("deputy")),
                "content",
                Row(Column("category"), Column("suggested_level"), Column("location")),
                "files",
            ),
            Fieldset(
                _("The voter (leave empty for an anonymous opinion)"),
                Row(Column("voter_name"), Column("voter_phone"), Column("voter_community")),
                Row(Column("voter_address"), Column("voter_constituency")),
                "voter_consent",
            ),
        )

    def clean_voter_phone(self):
        return clean_phone_value(self.cleaned_data["voter_phone"])

    def clean_received_at(self):
        value = self.cleaned_data["received_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("An opinion cannot be received in the future."))
        return value


class VoterLineForm(forms.Form):
    """One voter met during a visit: what they raised becomes an opinion on save, unless kept back."""

    voter_name = forms.CharField(label=_("Voter's name"), max_length=50, required=False)
    voter_phone = forms.CharField(label=_("Voter's phone"), max_length=20, required=False)
    raised = LongTextField(label=_("What they raised"), limit=5000, rows=2, required=False)
    unregistered = forms.BooleanField(label=_("Do not register it as an opinion"), required=False)

    def clean_voter_phone(self):
        return normalise_phone(self.cleaned_data["voter_phone"])

    def clean(self):
        cleaned = super().clean()
        cleaned["raised"] = cleaned.get("raised", "").strip()
        if (cleaned.get("voter_name") or cleaned.get("voter_phone")) and not cleaned["raised"]:
            self.add_error("raised", _("Write what this voter raised."))
        return cleaned


# A few blank lines work without JavaScript; voters/visit_lines.js adds more on the page.
VoterLineFormSet = forms.formset_factory(VoterLineForm, extra=3, max_num=50, absolute_max=50)


class TriageForm(forms.Form):
    route = forms.ChoiceField(label=_("Route"), choices=Route.choices, widget=forms.RadioSelect)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True), required=False
    )
    suggested_level = forms.ChoiceField(
        label=_("Suggested level"),
        choices=[("", "---------"), *Level.choices],
        required=False,
        help_text=_("Required when the opinion goes to deputies of a higher level."),
    )
    partner = forms.CharField(
        label=_("Handled with"),
        max_length=100,
        required=False,
        help_text=_("The community or village committee, office or deputies the matter goes to."),
    )
    handling_unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=None, required=False)
    forwarded_to_deputy = DeputyChoiceField(
        label=_("Forwarded to deputy"),
        queryset=None,
        required=False,
        help_text=_("A deputy of the level chosen who takes the opinion up; or name a body below."),
    )
    forwarded_to_body = forms.CharField(
        label=_("Forwarded to body"),
        max_length=100,
        required=False,
        help_text=_("The body that receives it, for example 区人大常委会代表工委."),
    )
    mediators = DeputyMultipleChoiceField(
        label=_("Mediating deputies"),
        queryset=None,
        required=False,
        help_text=_(
            "The deputies stationed here who mediate the dispute (矛盾纠纷调解), instead of refusing it."
        ),
    )
    reception_guest = forms.ModelChoiceField(
        label=_("Guest's office"),
        queryset=None,
        required=False,
        help_text=_("A guest of the joint reception day the opinion was taken at: their office takes it up."),
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for not accepting"),
        choices=[("", "---------"), *RefusalReason.choices],
        required=False,
    )
    reply = forms.CharField(
        label=_("Answer for the voter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Required when answered on the spot or not accepted (say where to take the matter: the court, "
            "the arbitration body, the petition office). Shown on the public tracking page: no personal data."
        ),
    )
    lead_deputy = DeputyChoiceField(
        label=_("Deputy who raises the suggestion"),
        queryset=None,
        required=False,
        help_text=_("For a deputy letter or suggestion; the receiving deputy when left empty."),
    )
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    # The opinion's version when the form was opened: of two officers routing it at once, the second is told.
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, deputies, units, mediators, forward_deputies, guests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_deputy"].queryset = deputies
        self.fields["handling_unit"].queryset = units
        self.fields["mediators"].queryset = mediators
        self.fields["forwarded_to_deputy"].queryset = forward_deputies
        self.fields["reception_guest"].queryset = guests
        if not guests:
            # No guest at the opinion's reception day: the route has nothing to hand it to.
            self.fields["route"].choices = [c for c in Route.choices if c[0] != Route.GUEST_OFFICE]
            del self.fields["reception_guest"]
        self.helper = SaveFormHelper(label=_("Triage"))

    def checked_for_changes(self, opinion, perform):
        """`perform` (called with the cleaned data) such that, when someone else changed the opinion meanwhile,
        the form is shown again at the opinion's current version: submitting it once more, after reading what
        changed, routes it."""

        def run(data):
            try:
                perform(data)
            except ValidationError as error:
                if getattr(error, "code", None) == "changed":
                    opinion.refresh_from_db(fields=["updated_at"])
                    self.data = self.data.copy()
                    self.data["seen"] = opinion.updated_at.isoformat()
                raise

        return run


class GatherForm(forms.Form):
    """Several opinions on one matter, raised together as one joint suggestion."""

    opinions = forms.ModelMultipleChoiceField(
        label=_("Opinions to gather"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    lead_deputy = DeputyChoiceField(label=_("Deputy who raises the suggestion"), queryset=None)
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, opinions, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinions"].queryset = opinions
        self.fields["opinions"].label_from_instance = lambda o: (
            f"{o.tracking_code} · {o.station.name} · {o.content[:60]}"
        )
        self.fields["lead_deputy"].queryset = deputies
        self.helper = SaveFormHelper(label=_("Raise one joint suggestion"))


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, submit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=submit)


class ResolveForm(forms.Form):
    reply = forms.CharField(
        label=_("Result for the voter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What was done; the voter hears it at the return visit and sees it on the tracking page."
        ),
    )
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Mark resolved"))


class ReturnVisitForm(forms.Form):
    voter = forms.ModelChoiceField(label=_("Voter"), queryset=Voter.objects.none(), required=False)
    method = forms.ChoiceField(label=_("How"), choices=ReturnVisit.Method.choices)
    visited_at = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs=DATETIME, format="%Y-%m-%dT%H:%M")
    )
    deputy = DeputyChoiceField(label=_("Deputy present"), queryset=None, required=False)
    satisfaction = forms.ChoiceField(label=_("Voter's satisfaction"), choices=Satisfaction.choices)
    note = forms.CharField(
        label=_("What the voter said"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, voters, voter_label, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["voter"].queryset = voters
        self.fields["voter"].label_from_instance = voter_label
        if len(voters) == 1:
            self.fields["voter"].initial = voters[0]
        self.fields["deputy"].queryset = deputies
        self.fields["visited_at"].initial = timezone.localtime().replace(second=0, microsecond=0)
        self.helper = SaveFormHelper(label=_("Record return visit"))

    def clean_visited_at(self):
        value = self.cleaned_data["visited_at"]
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError(_("A return visit cannot be in the future."))
        return value


class MediationForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Mediation outcome"), choices=MediationOutcome.choices, widget=forms.RadioSelect
    )
    mediated_on = forms.DateField(label=_("Mediated on"), widget=forms.DateInput(attrs=DATE))
    result = forms.CharField(
        label=_("Mediation record"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the parties agreed, or where the dispute was referred (the court, the people's mediation "
            "committee). Kept for the station, never shown to the public."
        ),
    )
    reply = forms.CharField(
        label=_("Result for the voter"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What the voter hears at the return visit and sees on the tracking page: no personal data."
        ),
    )
    note = forms.CharField(label=_("Internal note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediated_on"].initial = timezone.localdate()
        self.helper = SaveFormHelper(label=_("Record the outcome"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is it withdrawn?"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Withdraw"))


class MergeForm(forms.Form):
    into = forms.CharField(
        label=_("Tracking code of the opinion to keep"),
        max_length=16,
        help_text=_("This opinion becomes part of that one; its voter will be answered with it."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, opinions, **kwargs):
        super().__init__(*args, **kwargs)
        self.opinions = opinions
        self.helper = SaveFormHelper(label=_("Merge"))

    def clean_into(self):
        code = normalise_tracking_code(self.cleaned_data["into"])
        target = self.opinions.filter(tracking_code=code).first()
        if target is None:
            raise ValidationError(_("No opinion you look after has this tracking code."))
        return target


class AttachmentForm(forms.Form):
    files = attachments_field(_("Photos or documents (images, PDF)"), required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Upload"))
        self.helper.attrs = {"enctype": "multipart/form-data"}


class VoterForm(forms.ModelForm):
    """Name, phone and address are never sent to the browser in full here either (they are masked for every
    role): those fields start empty with the masked value as a hint, and an empty field keeps what is stored."""

    MASKED_FIELDS = ("name", "phone", "address")

    class Meta:
        model = Voter
        fields = ["name", "phone", "community", "address", "constituency", "consent", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()
        if self.instance.pk:
            people = PersonalData(None)
            shown = {"name": people.name, "phone": people.phone, "address": people.address}
            for name in self.MASKED_FIELDS:
                field = self.fields[name]
                field.required = False
                self.initial[name] = ""
                field.widget.attrs["placeholder"] = shown[name](self.instance)
                field.help_text = _("Leave empty to keep what is recorded.")

    def _kept(self, name, value):
        return value if value or not self.instance.pk else getattr(self.instance, name)

    def clean_name(self):
        return self._kept("name", self.cleaned_data["name"])

    def clean_address(self):
        return self._kept("address", self.cleaned_data["address"])

    def clean_phone(self):
        return self._kept("phone", clean_phone_value(self.cleaned_data["phone"]))


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "name_en", "position", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class MonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )


class PublicOpinionForm(forms.Form):
    """What a voter fills in without an account: the matter, and how to reach them if they wish."""

    content = LongTextField(label=_("Your opinion or suggestion"), limit=2000, rows=6, min_length=5)
    location = forms.CharField(label=_("Where (optional)"), max_length=200, required=False)
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    phone = forms.CharField(
        label=_("Your phone (optional)"),
        max_length=30,
        required=False,
        help_text=_("Leave it if you want the station to call you back with the answer."),
    )
    community = forms.CharField(label=_("Community or village (optional)"), max_length=100, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the liaison station keeps my name and phone to handle this opinion and to contact me "
            "about it."
        ),
        required=False,
    )
    files = attachments_field(_("Photos or a PDF (optional)"), max_count=3)
    # A field people never see: robots fill in every field they find.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)

    def clean_phone(self):
        return clean_phone_value(self.cleaned_data["phone"])

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("phone")) and not data.get("consent"):
            self.add_error(
                "consent",
                _("To leave your name or phone, agree that the station may use them for this opinion."),
            )
        return data


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=32)  # room for dashes and spaces

    def clean_code(self):
        code = normalise_tracking_code(self.cleaned_data["code"])
        if not code:
            raise ValidationError(self.fields["code"].error_messages["required"])
        return code
