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


def bootstrap(form, small=False):
    """Bootstrap's classes on a form rendered field by field (filters, period pickers, the public form)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
            css = "form-select form-select-sm" if small else "form-select"
        else:
            css = "form-control form-control-sm" if small else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form
