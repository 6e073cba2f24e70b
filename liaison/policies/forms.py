from django import forms
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import SaveFormHelper
from liaison.policies.models import POLICY_FIELDS, Policy

ANSWER_DAYS = _("Enter a whole number of days from 1 to 365.")
DAYS_AHEAD = _("Enter a whole number of days from 0 to 90.")


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = [*POLICY_FIELDS, "note"]
        widgets = {"opinion_answer_day_count": forms.RadioSelect}
        error_messages = {
            "opinion_answer_days": dict.fromkeys(("invalid", "min_value", "max_value"), ANSWER_DAYS),
            "reception_publish_days_ahead": dict.fromkeys(("invalid", "min_value", "max_value"), DAYS_AHEAD),
            "opinion_answer_day_count": {"invalid_choice": _("Choose calendar days or working days.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper(_("Save the new policy"))
