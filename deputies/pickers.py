"""The one way a form picks deputies: a searchable picker (liaison/core/widgets.py) whose options tell two
deputies of one name apart by station, group and level, and are found by name or pinyin as the roster's
search finds them (DeputyFilter.search)."""

from django import forms
from django.forms.models import ModelChoiceIterator

from deputies.selectors import roster_rows
from liaison.core.widgets import PickerSelect, PickerSelectMultiple


def deputy_detail(deputy):
    """Where the deputy is stationed, their groups and levels, from the rows roster_rows prefetched."""
    parts = (
        "、".join(stationing.station.name for stationing in deputy.current_stationings),
        "、".join(group.name for group in deputy.deputy_groups.all()),
        "、".join(mandate.get_level_display() for mandate in deputy.mandates.all()),
    )
    return " · ".join(part for part in parts if part)


def describe_deputy(deputy):
    # The keys are the roster search's: full pinyin and initials, both matched from their start.
    return {
        "name": deputy.name,
        "detail": deputy_detail(deputy),
        "keys": [deputy.name_pinyin, deputy.name_initials],
    }


class DeputyChoices(ModelChoiceIterator):
    """The choices with their stations, groups and levels read in a fixed number of queries, however many."""

    def __init__(self, field):
        super().__init__(field)
        if self.queryset is not None:
            self.queryset = roster_rows(self.queryset)


class DeputyPickerMixin:
    iterator = DeputyChoices

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", self.widget(describe=describe_deputy))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, deputy):
        detail = deputy_detail(deputy)
        return f"{deputy.name}（{detail}）" if detail else deputy.name


class DeputyChoiceField(DeputyPickerMixin, forms.ModelChoiceField):
    widget = PickerSelect


class DeputyMultipleChoiceField(DeputyPickerMixin, forms.ModelMultipleChoiceField):
    widget = PickerSelectMultiple
