import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StyledFilterSet(django_filters.FilterSet):
    """A FilterSet whose widgets carry Bootstrap's classes, so every list's filter bar looks the same."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for declared in self.filters.values():
            if isinstance(declared, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                declared.extra.setdefault("empty_label", _("All"))
        for name, declared in self.filters.items():
            if isinstance(declared, PickOrSearchFilter):
                declared.shape(self.form.fields[name])
        for field in self.form.fields.values():
            widget = field.widget
            css = (
                "form-select form-select-sm"
                if isinstance(widget, forms.Select)
                else "form-control form-control-sm"
            )
            widget.attrs.setdefault("class", css)


class PickOrSearchFilter(django_filters.CharFilter):
    """A choice among rows: a select while the user sees few of them, a name search once they see many.

    A select of 10,000 deputies or 2,300 stations weighs more than the page around it (issue 9), and nobody
    scrolls it. The value is a row's id (from the select, or a link) or part of its name; `matching(value)`
    gives the rows it designates, and the filter keeps the list's rows pointing at one of them."""

    def __init__(self, *args, queryset, search=("name__contains",), **kwargs):
        self.rows_queryset = queryset
        self.search = search
        super().__init__(*args, **kwargs)

    def rows(self):
        queryset = self.rows_queryset
        return queryset(self.parent.request) if callable(queryset) else queryset.all()

    def matching(self, value):
        value = value.strip()
        rows = self.rows()
        if value.isdigit():
            return rows.filter(pk=int(value))
        condition = Q()
        for lookup in self.search:
            condition |= Q(**{lookup: value})
        return rows.filter(condition)

    def filter(self, qs, value):
        if not value or not value.strip():
            return qs
        if self.method is not None:
            return super().filter(qs, value)
        return qs.filter(**{f"{self.field_name}__in": self.matching(value).values("pk")})

    def shape(self, field):
        """One query for at most SELECT_LIMIT + 1 rows decides the widget."""
        few = list(self.rows()[: settings.FILTER_SELECT_LIMIT + 1])
        if len(few) <= settings.FILTER_SELECT_LIMIT:
            field.widget = forms.Select(choices=[("", _("All")), *((str(row.pk), str(row)) for row in few)])
        else:
            field.widget = forms.TextInput(attrs={"placeholder": _("Part of the name"), "type": "search"})
