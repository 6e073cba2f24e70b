"""One way to show dates and times on every page, in both languages (issue 18: "dates appear in two
styles"): ISO dates, 24-hour times. Django's own zh_Hans formats write 2026年12月3日 and its English ones
Dec. 3, 2026; FORMAT_MODULE_PATH puts these first. Templates name a format (`|date:"DATETIME_FORMAT"`),
never spell one, so a style is changed here once; tests/core/test_date_styles.py holds them to it.

The `date` filter reads the names beyond Django's own the same way: django.utils.formats.get_format looks a
name up in these modules first."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
# The security log keeps the second an event happened.
SECONDS_DATETIME_FORMAT = "Y-m-d H:i:s"
# Reception days and their notices say the weekday, which voters plan by.
WEEKDAY_DATE_FORMAT = "Y-m-d l"
WEEKDAY_DATETIME_FORMAT = "Y-m-d l H:i"
# The officer's week table, under a heading that gives the year.
WEEKDAY_MONTH_DAY_TIME_FORMAT = "m-d D H:i"
