"""The State Council's yearly holiday schedule (国务院办公厅关于节假日安排的通知), as shipped by the
`chinesecalendar` package: each year's public holidays and its make-up working days (调休). The package knows
the years published before its release; a new year comes with `pip install -U chinesecalendar` each December."""

from dataclasses import dataclass
from datetime import date

import chinese_calendar

# The package names the holidays in English; the schedule's own names are these.
CHINESE_NAMES = {
    chinese_calendar.Holiday.new_years_day.value: "元旦",
    chinese_calendar.Holiday.spring_festival.value: "春节",
    chinese_calendar.Holiday.tomb_sweeping_day.value: "清明节",
    chinese_calendar.Holiday.labour_day.value: "劳动节",
    chinese_calendar.Holiday.dragon_boat_festival.value: "端午节",
    chinese_calendar.Holiday.national_day.value: "国庆节",
    chinese_calendar.Holiday.mid_autumn_festival.value: "中秋节",
    chinese_calendar.Holiday.anti_fascist_70th_day.value: "抗战胜利70周年纪念日",
}
MAKE_UP_SUFFIX = "调休上班"


@dataclass(frozen=True)
class OfficialDay:
    date: date
    name: str
    is_working_day: bool


def known_years():
    """The years whose schedule the installed package carries, oldest first."""
    return sorted({day.year for day in chinese_calendar.holidays})


def official_days(year):
    """The year's days that differ from Monday-to-Friday, in date order; None for a year the package does not
    know (its schedule not yet published, or the package not updated since)."""
    if year not in known_years():
        return None
    days = [
        OfficialDay(day, CHINESE_NAMES.get(name, name), False)
        for day, name in chinese_calendar.holidays.items()
        if day.year == year
    ]
    days += [
        OfficialDay(day, CHINESE_NAMES.get(name, name) + MAKE_UP_SUFFIX, True)
        for day, name in chinese_calendar.workdays.items()
        if day.year == year
    ]
    return sorted(days, key=lambda official: official.date)
