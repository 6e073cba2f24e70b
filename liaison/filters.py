import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose widgets carry Bootstrap's classes, so every list's filter bar looks the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for declared in self.filters.values():
            if isinstance(declared, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                declared.extra.setdefault("empty_label", _("All"))
        for field in self.form.fields.values():
            widget = field.widget
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs.setdefault("class", css)
