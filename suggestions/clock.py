"""The legal clock of suggestions: the statutory deadlines, with their limits as settings, and the
working-day calendar.

The limits are the SUGGESTION_* settings, with their defaults and reasons in liaison/settings.py ("Policy")."""

import calendar
from datetime import date, timedelta

from django.conf import settings

from liaison.models import Holiday


def add_months(day, months):
    """The same day `months` later; the month's last day when that month is shorter (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _exceptions(start, end):
    return dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def is_working_day(day, exceptions=None):
    exceptions = _exceptions(day, day) if exceptions is None else exceptions
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def add_working_days(start, days):
    """The date `days` working days after `start`, skipping weekends and the holiday table's holidays and
    counting its worked weekend days."""
    exceptions = _exceptions(start, start + timedelta(days=days * 3 + 30))
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    return day


def reply_deadline(assigned_on, round_number=1):
    if round_number > 1:
        return add_months(assigned_on, settings.SUGGESTION_SECOND_ROUND_MONTHS)
    return add_months(assigned_on, settings.SUGGESTION_REPLY_MONTHS)


def co_view_deadline(assigned_on):
    return add_months(assigned_on, settings.SUGGESTION_CO_VIEW_MONTHS)


def extension_limit(assigned_on):
    return add_months(assigned_on, settings.SUGGESTION_EXTENSION_MAX_MONTHS)


def return_deadline(assigned_on):
    return add_working_days(assigned_on, settings.SUGGESTION_RETURN_WORKING_DAYS)


def near_due_limit(day):
    return day + timedelta(days=settings.SUGGESTION_NEAR_DUE_DAYS)
