"""Periods that reports and scores cover: a quarter by default, a year, or any range of dates."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @property
    def label(self):
        if self.start.month in (1, 4, 7, 10) and self.start.day == 1:
            quarter = (self.start.month - 1) // 3 + 1
            if self == quarter_period(self.start.year, quarter):
                return _("%(year)s %(quarter)s") % {"year": self.start.year, "quarter": quarter_name(quarter)}
            if self == year_period(self.start.year):
                return _("Year %(year)s") % {"year": self.start.year}
        return f"{self.start:%Y-%m-%d} – {self.end:%Y-%m-%d}"

    @property
    def year(self):
        return self.start.year

    def bounds(self):
        """The aware datetimes [start, end) in the site's time zone, for DateTimeField filters."""
        zone = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def quarters(self):
        """The quarters (year, n) this period overlaps."""
        found = []
        for quarter in range(1, 5):
            q = quarter_period(self.start.year, quarter)
            if q.start <= self.end and q.end >= self.start:
                found.append(quarter)
        return found


def quarter_name(quarter):
    """The one name of a quarter on every page and workbook: 第1季度 in Chinese, Q1 in English."""
    return _("Q%(quarter)s") % {"quarter": quarter}


def month_name(month):
    """The one name of a month in a list of months missed: 3月 in Chinese, month 3 in English."""
    return _("month %(month)s") % {"month": month}


def month_period(year, month):
    end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return Period(date(year, month, 1), end - timedelta(days=1))


def quarter_choices():
    """The quarters as a form offers them (a callable, so that each request gets its own language)."""
    return [(quarter, quarter_name(quarter)) for quarter in range(1, 5)]


def quarter_of(day):
    return (day.month - 1) // 3 + 1


def quarter_period(year, quarter):
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return Period(start, end - timedelta(days=1))


def year_period(year):
    return Period(date(year, 1, 1), date(year, 12, 31))


def current_quarter():
    today = timezone.localdate()
    return quarter_period(today.year, quarter_of(today))
