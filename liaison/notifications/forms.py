from django import forms

from liaison.core.forms import SaveFormHelper
from liaison.notifications.models import Recipient


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = Recipient
        fields = ["by_email", "by_sms", "daily_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()
