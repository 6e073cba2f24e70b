"""Form pieces every app uses."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _


class SaveFormHelper(FormHelper):
    def __init__(self, label=None):
        super().__init__()
        self.add_input(Submit("submit", label or _("Save")))


class LongTextField(forms.CharField):
    """A long text whose limit is shown, never enforced by cutting: a textarea's maxlength cuts a pasted text
    without a word, so the page counts the characters (core/char_counter.js) and the form refuses a longer text
    with its length."""

    def __init__(self, *, limit, rows, attrs=None, **kwargs):
        self.limit = limit  # before the widget's attributes are built from it
        super().__init__(widget=forms.Textarea(attrs={"rows": rows, **(attrs or {})}), **kwargs)
        message = _(
            "The text has %(show_value)s characters, over the limit of %(limit_value)s: please shorten it."
        )
        self.validators.append(MaxLengthValidator(limit, message=message))

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "data-max-chars": str(self.limit)}
