"""Searchable pickers: a plain select that core/picker.js turns into a Tom Select (static/vendor/tom-select).

Without JavaScript the select works as it is, so its option text must tell the options apart on its own."""

import json

from django import forms
from django.utils.translation import gettext_lazy as _


class PickerSelect(forms.Select):
    """A select whose options carry what the picker shows and searches: `describe(instance)` gives a dict with
    `name`, `detail` (shown beside the name) and `keys` (matched from their start, e.g. pinyin)."""

    def __init__(self, attrs=None, choices=(), *, describe=None):
        super().__init__(attrs, choices)
        self.describe = describe

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        return {**attrs, "data-picker": "true", "data-picker-empty": str(_("No match"))}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None and self.describe:
            option["attrs"]["data-data"] = json.dumps(self.describe(instance), ensure_ascii=False)
        return option


class PickerSelectMultiple(PickerSelect, forms.SelectMultiple):
    def __init__(self, attrs=None, choices=(), *, describe=None):
        super().__init__({"size": 8, **(attrs or {})}, choices, describe=describe)
