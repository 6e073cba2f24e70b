"""The working-day calendar: Monday to Friday, except the holiday table's public holidays, plus the
weekend days it marks as worked (调休). The one definition of a working day, read by the suggestions' legal
clock and by the voters' answer deadline (liaison/policies)."""

from datetime import timedelta

from liaison.models import Holiday


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
