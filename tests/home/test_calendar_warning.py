"""Staff are warned on their home page in the fourth quarter while next year's calendar is not loaded."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from liaison.services import calendar_load_year

pytestmark = pytest.mark.django_db
CHINA = ZoneInfo("Asia/Shanghai")
WARNING = "日历尚未导入"


@pytest.mark.parametrize(
    ("moment", "warned"),
    [(datetime(2025, 10, 1, 9, tzinfo=CHINA), True), (datetime(2025, 9, 30, 17, tzinfo=CHINA), False)],
)
def test_the_warning_comes_in_the_fourth_quarter(client, staff_user, moment, warned):
    with time_machine.travel(moment, tick=False):
        client.force_login(staff_user)
        page = client.get("/").content.decode()
    assert (WARNING in page) is warned
    assert (reverse("calendar:year", args=[2026]) in page) is warned


def test_the_warning_goes_once_next_year_is_loaded(client, staff_user):
    calendar_load_year(year=2026)
    with time_machine.travel(datetime(2025, 12, 1, 9, tzinfo=CHINA), tick=False):
        client.force_login(staff_user)
        assert WARNING not in client.get("/").content.decode()
