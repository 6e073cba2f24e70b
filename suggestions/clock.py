"""The legal clock of suggestions: the statutory deadlines, with their limits as settings; working days are
counted by the one calendar of liaison/working_days.py.

The limits are the SUGGESTION_* settings, with their defaults and reasons in liaison/settings.py ("Policy")."""

import calendar
from datetime import date, timedelta

from django.conf import settings

from liaison.working_days import add_working_days


def add_months(day, months):
    """The same day `months` later; the month's last day when that month is shorter (31 Jan + 1 = 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


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
