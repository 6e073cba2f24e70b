"""What a home page's figures and charts are made of. Every figure carries the link of the list that shows
its rows, built with that list's own filters, so that the number on the home page is the number of rows the
list shows (tests/home/test_dashboard.py checks each one)."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


def link(name, **params):
    """The URL of a list with its filter's query string."""
    url = reverse(name)
    params = {key: value for key, value in params.items() if value not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def rounded_rate(value):
    """A rate (suggestions.rates) as the home pages show it, to one decimal; None when nothing was counted."""
    return None if value is None else round(value, 1)


@dataclass
class Figure:
    """One number on a home page and the list behind it; tone: the Bootstrap colour that calls attention."""

    key: str
    label: str
    count: int
    url: str
    tone: str = "secondary"

    def __post_init__(self):
        self.label = str(self.label)
        if not self.count:  # nothing to do: no colour calls for attention
            self.tone = "secondary"


def chart(chart_id, title, labels, datasets, *, stacked=False, horizontal=False, percent=False):
    """A chart as the page draws it (config, for json_script) and as its table fallback shows it (rows)."""
    config = {
        "type": "bar",
        "stacked": stacked,
        "horizontal": horizontal,
        "percent": percent,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(d["label"]), "data": list(d["data"]), "urls": list(d["urls"])} for d in datasets
        ],
    }
    rows = []
    for index, label in enumerate(config["labels"]):
        cells = [{"value": d["data"][index], "url": d["urls"][index]} for d in config["datasets"]]
        rows.append({"label": label, "cells": cells})
    return {"id": f"chart-{chart_id}", "title": str(title), "config": config, "rows": rows}
