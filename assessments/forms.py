from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import MANUAL_KINDS, Commendation, DutyKind, DutyRecord, RuleSet, YearSummary
from assessments.periods import Period, current_quarter, quarter_choices, quarter_period, year_period
from deputies.models import Level
from deputies.pickers import DeputyChoiceField
from liaison.activities.models import Activity
from liaison.core.forms import SaveFormHelper, bootstrap
from liaison.core.uploads import DOC, DOCX, JPEG, PDF, PNG, XLSX, check_upload

EVIDENCE_TYPES = (PDF, JPEG, PNG, DOC, DOCX, XLSX)
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DutyRecordForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=[(kind.value, kind.label) for kind in MANUAL_KINDS])

    class Meta:
        model = DutyRecord
        fields = ["deputy", "kind", "date", "title", "quantity", "voters_met", "points", "evidence", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"deputy": DeputyChoiceField}

    def __init__(self, *args, deputies, may_set_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.fields["evidence"].required = True
        self.fields["evidence"].help_text = _("A photo, minutes or a letter that shows the duty was done.")
        if not may_set_points:
            del self.fields["points"]
        self.helper = SaveFormHelper()
        self.helper.layout = Layout(
            Row(Column("deputy"), Column("kind"), Column("date")),
            "title",
            Row(Column("quantity"), Column("voters_met"), *([Column("points")] if may_set_points else [])),
            "evidence",
            "note",
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("A duty is entered once it has been done."))
        return day

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if isinstance(evidence, UploadedFile):  # not the file already kept, nor False for "clear"
            # The name must say what the file is: the committee opens the evidence by its name.
            check_upload(
                evidence, types=EVIDENCE_TYPES, max_bytes=settings.DUTY_EVIDENCE_MAX_BYTES, match_name=True
            )
        return evidence


class DecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject")), ("withdraw", _("Withdraw"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


MONTHLY_FIELDS = ("min_visits_per_month", "min_suggestions_per_month")


class RuleSetForm(forms.ModelForm):
    class Meta:
        model = RuleSet
        fields = [
            "min_group_activities",
            "min_activity_days",
            "min_voters_contacted",
            "min_constituency_visits",
            "min_practical_things",
            "min_suggestions",
            "min_activities_per_quarter",
            "min_visits_per_month",
            "min_suggestions_per_month",
            "excellent_top_n",
            "excellent_threshold",
            "excellent_requires_minimums",
            "report_rate_threshold",
        ]

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        # Left empty, the threshold stays as it was (a form of an older page has no such field).
        self.fields["report_rate_threshold"].required = False
        self.kind_fields = []
        for kind in DutyKind:
            points = forms.DecimalField(
                label=kind.label, max_digits=6, decimal_places=1, initial=rules.points_for(kind.value)
            )
            cap = forms.DecimalField(
                label=_("cap"),
                max_digits=7,
                decimal_places=1,
                min_value=0,
                required=False,
                initial=rules.caps.get(kind.value),
            )
            self.fields[f"points_{kind.value}"] = points
            self.fields[f"cap_{kind.value}"] = cap
            self.kind_fields.append((kind, f"points_{kind.value}", f"cap_{kind.value}"))
        # Monthly minimums are new (issue 16): a form sent without them keeps none rather than failing.
        for name in MONTHLY_FIELDS:
            self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean(self):
        cleaned = super().clean()
        for name in MONTHLY_FIELDS:
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = 0
        return cleaned

    def kind_rules(self):
        return {
            kind.value: (self.cleaned_data[points], self.cleaned_data[cap])
            for kind, points, cap in self.kind_fields
        }

    def rows(self):
        return [(kind, self[points], self[cap]) for kind, points, cap in self.kind_fields]

    def minimum_fields(self):
        return [self[name] for name in self.Meta.fields[:7]]

    def monthly_fields(self):
        return [self[name] for name in self.Meta.fields[7:9]]

    def excellent_fields(self):
        return [self[name] for name in self.Meta.fields[9:12]]

    def rating_fields(self):
        return [self[name] for name in self.Meta.fields[12:]]

    def clean_report_rate_threshold(self):
        value = self.cleaned_data["report_rate_threshold"]
        return self.instance.report_rate_threshold if value is None else value


class BootstrapMixin:
    """Filter forms rendered field by field in a row: give each widget Bootstrap's small classes."""

    def style_fields(self):
        for field in self.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)


class PeriodForm(BootstrapMixin, forms.Form):
    """A quarter by default, or a year, or any range."""

    SPAN_CHOICES = [("quarter", _("Quarter")), ("year", _("Year")), ("range", _("Dates"))]

    span = forms.ChoiceField(label=_("Period"), choices=SPAN_CHOICES, initial="quarter")
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=quarter_choices, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, data=None, **kwargs):
        quarter = current_quarter()
        initial = {
            "span": "quarter",
            "year": quarter.start.year,
            "quarter": (quarter.start.month - 1) // 3 + 1,
        }
        if data is not None and not any(name in data for name in ("span", "year")):
            data = None
        super().__init__(data, initial=initial, **kwargs)
        self.style_fields()

    def clean(self):
        data = super().clean()
        span = data.get("span")
        if span == "range":
            if not data.get("start") or not data.get("end"):
                raise forms.ValidationError(_("Give both dates of the range."))
            if data["end"] < data["start"]:
                raise forms.ValidationError(_("The range ends before it starts."))
            if data["end"].year != data["start"].year:
                raise forms.ValidationError(_("A range stays within one year: scores are kept per year."))
        if span == "quarter" and not data.get("quarter"):
            raise forms.ValidationError(_("Choose a quarter."))
        return data

    def period(self):
        """The chosen period, or the current quarter when nothing (valid) was chosen."""
        if not self.is_bound or not self.is_valid():
            return current_quarter()
        data = self.cleaned_data
        if data["span"] == "year":
            return year_period(data["year"])
        if data["span"] == "range":
            return Period(data["start"], data["end"])
        return quarter_period(data["year"], data["quarter"])


class ReportForm(PeriodForm):
    station = forms.ModelChoiceField(
        label=_("Scope"), queryset=None, required=False, empty_label=_("All stations")
    )

    def __init__(self, data=None, *, stations, require_station, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["station"].required = require_station
        self.fields["station"].help_text = _("A liaison station with its contact points.")
        self.fields["station"].widget.attrs["class"] = "form-select form-select-sm"


class ResultsFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    group = forms.ModelChoiceField(
        label=_("Deputy group"), queryset=None, required=False, empty_label=_("All groups")
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, initial={"year": timezone.localdate().year}, **kwargs)
        self.fields["group"].queryset = groups
        self.style_fields()


class ArchiveForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    mandate = forms.ModelChoiceField(label=_("Term"), queryset=None, required=False, empty_label=_("—"))

    def __init__(self, *args, deputy, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = deputy.mandates.all()
        self.style_fields()


# ---------------------------------------------------------------------------------------------------------
# The yearly plan and the year-end summary (assessments/planning.py)

MONTHS = [(month, _("Month %(month)s") % {"month": month}) for month in range(1, 13)]


def _year_choices():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year + 1, this_year - 6, -1)]


class PlanYearForm(BootstrapMixin, forms.Form):
    """The plans page's filters: the year, and part of a station's name."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices, required=False)
    q = forms.CharField(label=_("Station"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def chosen_year(self):
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return timezone.localdate().year


class PlanStartForm(forms.Form):
    """Posted by the plans page's buttons: draft the plan or the summary of this station and year."""

    station = forms.ModelChoiceField(queryset=None)
    year = forms.TypedChoiceField(coerce=int, choices=_year_choices)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations


class PlanNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Introduction"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PlanItemForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=MONTHS)
    kind = forms.ChoiceField(label=_("Kind"), choices=Activity.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    planned_count = forms.IntegerField(label=_("Times planned"), min_value=1, max_value=99, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self, small=True)


PlanItemFormSet = forms.formset_factory(
    PlanItemForm, extra=3, can_delete=True, max_num=200, absolute_max=200, validate_max=True
)


class SummaryForm(forms.ModelForm):
    class Meta:
        model = YearSummary
        fields = list(YearSummary.BLOCKS)
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in YearSummary.BLOCKS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


# --- Commendations (评先选优) -------------------------------------------------------------------------


class CommendationForm(forms.Form):
    """A nomination: the kind, the one nominee of that kind (among what the user may nominate), the reason."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Commendation"))
    deputy = DeputyChoiceField(label=_("Deputy"), queryset=None, required=False)
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False)
    suggestion = forms.CharField(
        label=_("Suggestion number"),
        max_length=12,
        required=False,
        help_text=_("The number the suggestion was given on submission, e.g. 2026-017."),
    )
    unit = forms.ModelChoiceField(label=_("Handling unit"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Reason for the nomination"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, kinds, nominees, **kwargs):
        super().__init__(*args, **kwargs)
        self.nominees = nominees
        self.fields["kind"].choices = [(kind.value, kind.label) for kind in kinds]
        for name in ("deputy", "station", "unit"):
            if name in [kind.value for kind in kinds]:
                self.fields[name].queryset = nominees(name)
            else:
                del self.fields[name]
        if "suggestion" not in [kind.value for kind in kinds]:
            del self.fields["suggestion"]
        self.helper = SaveFormHelper()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if not kind or kind not in self.fields:
            return cleaned
        if kind == "suggestion":
            number = (cleaned.get("suggestion") or "").strip()
            if not number:
                self.add_error("suggestion", _("Give the number of the suggestion nominated."))
                return cleaned
            found = self.nominees("suggestion").filter(number=number).first()
            if found is None:
                self.add_error(
                    "suggestion",
                    _("No suggestion of that year you may nominate has the number %(number)s.")
                    % {"number": number},
                )
            cleaned["nominee"] = found
        else:
            cleaned["nominee"] = cleaned.get(kind)
            if cleaned["nominee"] is None and kind not in self.errors:
                self.add_error(kind, _("Choose whom or what you nominate."))
        return cleaned


class CommendationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("selected", _("Select")), ("not_selected", _("Do not select"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Reason"), required=False, max_length=300)


class CommendationFilterForm(BootstrapMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    kind = forms.ChoiceField(label=_("Commendation"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *Commendation.Kind.choices]
        self.fields["status"].choices = [("", _("All")), *Commendation.Status.choices]
        self.style_fields()
