"""Periods of days in China's time, and the form that picks one (with a station) for the books and the
registers of every app."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.forms import bootstrap

DATE = {"type": "date"}


def day_bounds(first, last):
    """Aware datetimes from the start of `first` to the end of `last`, in China's time."""
    zone = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.combine(first, time.min), zone),
        timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min), zone),
    )


def default_period():
    """This month so far."""
    today = timezone.localdate()
    return today.replace(day=1), today


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    station = forms.ModelChoiceField(label=_("Station"), queryset=None, required=False)

    MAX_DAYS = 366 * 3

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        bootstrap(self, small=True)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("The end date is before the start date."))
            if (end - start).days > self.MAX_DAYS:
                raise ValidationError(_("Choose a period of at most three years."))
        return data


def period_from(request, stations):
    """The period and station asked for in the query string: (form, start, end, station). Without one,
    this month and every station; with a wrong one, the form carries its errors."""
    start, end = default_period()
    # A query string without a period (a list's own filters) asks for the default one, not for errors.
    data = request.GET if {"start", "end", "station"} & request.GET.keys() else None
    form = PeriodForm(data, stations=stations, initial={"start": start, "end": end})
    station = None
    if form.is_valid():
        start, end, station = (
            form.cleaned_data["start"],
            form.cleaned_data["end"],
            form.cleaned_data["station"],
        )
    return form, start, end, station


def period_label(start, end, station=None):
    """How a book names what it covers: 「某某联络站 · 2026-01-01 — 2026-12-31」."""
    days = f"{start:%Y-%m-%d} — {end:%Y-%m-%d}"
    return f"{station.name} · {days}" if station else f"{_('All stations')} · {days}"
