"""Forms of reports to voters: the officer's report text and paper tallies, the voter's rating."""

from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.accounts.forms import clean_mobile
from liaison.activities.models import Rating
from liaison.core.forms import LongTextField, SaveFormHelper, bootstrap

REPORT_LIMIT = 20000


class VoterReportForm(forms.Form):
    deputy = forms.ModelChoiceField(label=_("Deputy"), queryset=None)
    text = LongTextField(
        label=_("Report"),
        limit=REPORT_LIMIT,
        rows=12,
        help_text=_(
            "What the deputy reports: their duties over the year, in full; published on the station's board."
        ),
    )

    def __init__(self, *args, deputies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deputy"].queryset = deputies
        self.helper = SaveFormHelper()


class TallyForm(forms.Form):
    satisfied = forms.IntegerField(label=_("Satisfied"), min_value=0, max_value=100000)
    basically = forms.IntegerField(label=_("Basically satisfied"), min_value=0, max_value=100000)
    unsatisfied = forms.IntegerField(label=_("Unsatisfied"), min_value=0, max_value=100000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()


class RatingForm(forms.Form):
    """A voter's rating: their number (sent a code first), a rating for each deputy who reported, the
    code and a comment. "send" checks the number only, so the ratings chosen stay on the page."""

    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    code = forms.RegexField(
        label=_("Code from the SMS"),
        regex=r"^\d{6}$",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"invalid": _("The code has six digits.")},
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        bootstrap(self)  # the radios of the ratings are drawn by the page
        self.reports = reports
        for report in reports:
            self.fields[self.field_name(report)] = forms.ChoiceField(
                label=report.deputy.name,
                choices=Rating.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    @staticmethod
    def field_name(report):
        return f"report_{report.pk}"

    def rating_fields(self):
        return [self[self.field_name(report)] for report in self.reports]

    def clean_phone(self):
        phone = clean_mobile(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(_("Enter a mainland mobile number (11 digits, starting with 1)."))
        return phone

    def clean(self):
        data = super().clean()
        if self.data.get("action") == "send":
            return data
        if not data.get("code") and "code" not in self.errors:
            self.add_error("code", _("Enter the code from the SMS."))
        for report in self.reports:
            name = self.field_name(report)
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Choose a rating."))
        return data

    def marks(self):
        return {report: self.cleaned_data[self.field_name(report)] for report in self.reports}
