from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy, Level
from deputies.pickers import DeputyChoiceField, DeputyMultipleChoiceField
from liaison.core.forms import LongTextField, SaveFormHelper
from liaison.core.uploads import MultipleFileField
from liaison.models import HandlingUnit
from liaison.selectors import jurisdictions_under, units_visible_to
from suggestions import clock
from suggestions.documents import DOCUMENT_TYPES
from suggestions.models import Assignment, Contact, Reply, ReplyTemplate, Suggestion, SupervisionAction
from suggestions.services.assignments import legal_deadline
from suggestions.services.consultations import DECISION_ROUTES
from voters.models import Route

DECISION_CHOICES = [(route, Route(route).label) for route in DECISION_ROUTES]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class UnitForm(forms.ModelForm):
    class Meta:
        model = HandlingUnit
        fields = ["name", "kind", "jurisdiction", "contact_name", "contact_phone", "is_active"]

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        # A unit belongs to the level that assigns to it: staff place it at their level or one below; staff
        # of a jurisdiction must place it (left empty, it would be the whole deployment's, out of their sight).
        field = self.fields["jurisdiction"]
        field.queryset = jurisdictions_under(actor)
        if not actor.sees_everything:
            field.required = True
            field.initial = actor.jurisdiction_id
        self.helper = SaveFormHelper()


class SuggestionForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, widget=forms.TextInput(attrs={"data-similar-title": "true"})
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 10}))
    category = forms.ChoiceField(label=_("Category"), choices=Suggestion._meta.get_field("category").choices)
    kind = forms.ChoiceField(label=_("Kind"), choices=Suggestion.Kind.choices)
    period = forms.ChoiceField(label=_("Made"), choices=Suggestion.Period.choices)
    lead_deputy = DeputyChoiceField(label=_("Lead deputy"), queryset=Deputy.objects.none())
    joint_deputies = DeputyMultipleChoiceField(
        label=_("Joint deputies"),
        queryset=Deputy.objects.filter(is_active=True),
        required=False,
        help_text=_("联名: the deputies who sign it with the lead deputy."),
    )

    def __init__(self, *args, lead_deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_deputy"].queryset = lead_deputies
        if lead_deputies.count() == 1:
            self.fields["lead_deputy"].initial = lead_deputies.first()
        self.helper = SaveFormHelper(_("Save draft"))

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_deputy")
        if lead and lead in cleaned.get("joint_deputies", []):
            self.add_error("joint_deputies", _("The lead deputy cannot also be a joint deputy."))
        return cleaned


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label)


class AssignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label=_("Lead unit"), queryset=HandlingUnit.objects.none())
    deadline = forms.DateField(label=_("Reply deadline"), widget=DATE)
    co_units = forms.ModelMultipleChoiceField(
        label=_("Co-units"),
        queryset=HandlingUnit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    co_deadline = forms.DateField(label=_("Co-units' view deadline"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, actor, round_number=1, **kwargs):
        super().__init__(*args, **kwargs)
        # Staff assign to the units of their level and below (DOMAIN.md: a unit belongs to a level).
        units = units_visible_to(actor).filter(is_active=True)
        self.fields["lead_unit"].queryset = units
        self.fields["co_units"].queryset = units
        lead, _basis = legal_deadline(Assignment.Role.LEAD, round_number)
        co, _basis = legal_deadline(Assignment.Role.CO, round_number)
        self.fields["deadline"].initial = lead
        self.fields["deadline"].help_text = _("Statutory limit: %(date)s.") % {"date": lead}
        self.fields["co_deadline"].initial = co
        self.fields["co_deadline"].help_text = _("Statutory limit: %(date)s.") % {"date": co}
        self.helper = SaveFormHelper(_("Assign"))


class MergeForm(forms.Form):
    others = forms.ModelMultipleChoiceField(
        label=_("Suggestions to handle with this one"),
        queryset=Suggestion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["others"].queryset = candidates
        self.helper = SaveFormHelper(_("Handle together"))


class ReturnDecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve the return and re-route")), ("0", _("Refuse: the unit keeps it"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    new_unit = forms.ModelChoiceField(
        label=_("New unit"), queryset=HandlingUnit.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline for the new unit"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = units_visible_to(actor).filter(is_active=True)
        self.helper = SaveFormHelper(_("Decide"))


class ExtensionAskForm(forms.Form):
    until = forms.DateField(label=_("New deadline"), widget=DATE)
    reason = forms.CharField(
        label=_("Why the case needs more time"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].help_text = _("At most %(date)s.") % {
            "date": clock.extension_limit(assignment.assigned_on)
        }
        self.helper = SaveFormHelper(_("Ask for an extension"))


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Decide"))


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["method", "contacted_on", "note"]
        widgets = {"contacted_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacted_on"].initial = timezone.localdate()
        self.helper = SaveFormHelper()


class ViewForm(forms.Form):
    view = forms.CharField(label=_("The co-unit's view"), widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Send to the lead unit"))


class ReplyForm(forms.Form):
    result_class = forms.ChoiceField(
        label=_("Result class"), choices=Reply.ResultClass.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Reply"), widget=forms.Textarea(attrs={"rows": 10}))
    follow_up_on = forms.DateField(label=_("To be solved by (class B)"), widget=DATE, required=False)
    reason = forms.CharField(
        label=_("Why it cannot be solved now (class C)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    documents = MultipleFileField(
        label=_("Documents"),
        help_text=_("PDF, PNG, JPEG, DOCX or XLSX."),
        types=DOCUMENT_TYPES,
        max_bytes=settings.SUGGESTION_DOCUMENT_MAX_BYTES,
        match_name=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Send the reply"))


class EvaluateForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Evaluation"), choices=Suggestion.Rating.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, in_person=False, **kwargs):
        super().__init__(*args, **kwargs)
        if in_person:
            self.fields["rating"].help_text = _("Record the evaluation the deputy gave you in person.")
        self.helper = SaveFormHelper(_("Evaluate"))


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("Key suggestion (重点督办)"), required=False)
    leader = forms.CharField(label=_("Supervising leader"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class SupervisionForm(forms.ModelForm):
    class Meta:
        model = SupervisionAction
        fields = ["kind", "happened_on", "note"]
        widgets = {"happened_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["happened_on"].initial = timezone.localdate()
        self.helper = SaveFormHelper()


class ReplyTemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class RatesForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=DATE, required=False)
    by = forms.ChoiceField(
        label=_("Per"),
        required=False,
        choices=[("unit", _("Lead unit")), ("category", _("Category")), ("deputy", _("Lead deputy"))],
    )


# The monthly consultation (会商, seed 001) -------------------------------------------------------------------

MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ConsultationFilterForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control form-control-sm"


class ConsultationOpenForm(forms.Form):
    station = forms.ModelChoiceField(label=_("Station"), queryset=None)
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], widget=MONTH)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=MOMENT, input_formats=["%Y-%m-%dT%H:%M"])
    ends_at = forms.DateTimeField(label=_("Ends"), widget=MOMENT, input_formats=["%Y-%m-%dT%H:%M"])
    place = forms.CharField(label=_("Place"), max_length=200)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.helper = SaveFormHelper(label=_("Open the meeting and draw its agenda"))

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting ends after it starts."))
        return data


class DecisionForm(forms.Form):
    """One opinion's decision, a row of the meeting's table: the form is named by the agenda item."""

    route = forms.ChoiceField(label=_("Decision"), required=False)
    level = forms.ChoiceField(
        label=_("Level that takes it up"), choices=[("", "—"), *Level.choices], required=False
    )
    lead_deputy = forms.ModelChoiceField(label=_("Leading deputy"), queryset=None, required=False)
    partner = forms.CharField(label=_("Handled with"), max_length=100, required=False)

    def __init__(self, *args, item, deputies, **kwargs):
        super().__init__(*args, prefix=f"item-{item.pk}", **kwargs)
        self.item = item
        self.fields["route"].choices = [("", _("Left for next month")), *DECISION_CHOICES]
        self.fields["lead_deputy"].queryset = deputies
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name == "partner" else "form-select form-select-sm"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label)})


def decision_forms(data, items, deputies):
    """A DecisionForm per agenda item, the opinion's own level proposed."""
    return [
        DecisionForm(data, item=item, deputies=deputies, initial={"level": item.opinion.suggested_level})
        for item in items
    ]


class MinutesForm(forms.Form):
    minutes = LongTextField(label=_("Minutes"), limit=10000, rows=12)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(label=_("Save the minutes"))
