"""Form pieces every app uses."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.utils.translation import gettext_lazy as _


class SaveFormHelper(FormHelper):
    def __init__(self, label=None):
        super().__init__()
        self.add_input(Submit("submit", label or _("Save")))
