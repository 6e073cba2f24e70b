from django import forms

from liaison.core.forms import SaveFormHelper
from liaison.notifications.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email", "sms", "daily_digest"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()
