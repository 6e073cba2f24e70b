from datetime import date

from suggestions import clock


def test_months_end_on_the_last_day_of_a_short_month():
    assert clock.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert clock.add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_the_limits_are_settings(settings):
    settings.SUGGESTION_REPLY_MONTHS = 2
    assert clock.reply_deadline(date(2026, 1, 10)) == date(2026, 3, 10)
    assert clock.reply_deadline(date(2026, 1, 10), round_number=2) == date(2026, 2, 10)
