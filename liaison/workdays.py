"""What a working day is, for every clock of the product (the legal clocks of suggestions, voters' answer
deadlines, reception days): Monday to Friday, except the calendar's holidays, plus its worked weekend days
(调休). The calendar is the Holiday table, loaded from the State Council's schedule and corrected by staff."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from liaison.models import Holiday

# What a reception day on a Saturday or Sunday not worked is flagged with (a holiday has its own name).
WEEKEND = _("Weekend rest day")

# Longer than any run of holidays and weekends in the State Council's schedules (the Spring Festival's
# nine days at most): a search for the next working day reads this many days at once.
LONGEST_BREAK_DAYS = 20


def exceptions_between(start, end):
    """The calendar's days in [start, end] as {date: is_working_day}."""
    return dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_working_day"))


def is_working_day(day, exceptions=None):
    exceptions = exceptions_between(day, day) if exceptions is None else exceptions
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def working_days_reach(days):
    """How far past its start `add_working_days(start, days)` may read the calendar."""
    return timedelta(days=days * 3 + LONGEST_BREAK_DAYS)


def add_working_days(start, days, exceptions=None):
    """The date `days` working days after `start`; `exceptions` (from exceptions_between, reaching
    working_days_reach(days) past `start`) when the caller read the calendar once for many dates."""
    if exceptions is None:
        exceptions = exceptions_between(start, start + working_days_reach(days))
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, exceptions):
            counted += 1
    return day


def next_working_day(day):
    """The first working day after `day`."""
    return add_working_days(day, 1)


def rest_days_between(start, end):
    """The days in [start, end] that are not working days, as {date: name}: the holiday's name from the
    calendar, or "Weekend" for a Saturday or Sunday not worked. One query."""
    rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "is_working_day", "name")
    exceptions = {day: working for day, working, _name in rows}
    names = {day: name for day, working, name in rows if not working}
    days = (start + timedelta(days=offset) for offset in range((end - start).days + 1))
    return {day: names.get(day) or str(WEEKEND) for day in days if not is_working_day(day, exceptions)}


def next_working_days(days):
    """{day: the first working day after it} for each of `days`, in one query (a plan's rest days)."""
    if not days:
        return {}
    exceptions = exceptions_between(min(days), max(days) + timedelta(days=LONGEST_BREAK_DAYS))
    following = {}
    for day in days:
        after = day + timedelta(days=1)
        while not is_working_day(after, exceptions):
            after += timedelta(days=1)
        following[day] = after
    return following
