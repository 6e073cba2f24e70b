from datetime import date

import pytest

from liaison.models import Holiday
from liaison.workdays import add_working_days


@pytest.mark.django_db
def test_working_days_skip_weekends_and_holidays_and_count_worked_weekends():
    # Friday 2026-09-25; National Day week off, Sunday 2026-09-27 worked (调休).
    for day in range(1, 8):
        Holiday.objects.create(date=date(2026, 10, day), name="国庆节")
    Holiday.objects.create(date=date(2026, 9, 27), name="调休", is_working_day=True)
    # Sunday 27th (worked), Mon 28, Tue 29, Wed 30, then 1-7 Oct off, Thu 8 Oct, Fri 9 Oct.
    assert add_working_days(date(2026, 9, 25), 4) == date(2026, 9, 30)
    assert add_working_days(date(2026, 9, 25), 6) == date(2026, 10, 9)
