from django import forms

from liaison.core.forms import SaveFormHelper
from liaison.notifications.models import Recipient
from liaison.notifications.services import PREFERENCE_FIELDS


class PreferenceForm(forms.ModelForm):
    """How a person is reached besides the inbox: the person's own choice, or an officer's for them."""

    class Meta:
        model = Recipient
        fields = PREFERENCE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = SaveFormHelper()
