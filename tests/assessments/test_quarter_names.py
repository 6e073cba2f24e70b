"""One name for a quarter everywhere: 第1季度 in Chinese, Q1 in English (assessments.periods.quarter_name)."""

from django.utils import translation

from assessments.forms import PeriodForm
from assessments.periods import quarter_period


def test_the_quarter_picker_and_the_period_say_the_quarter_alike():
    with translation.override("zh-hans"):
        choices = dict(PeriodForm().fields["quarter"].choices)
        assert choices[1] == "第1季度"
        assert quarter_period(2026, 1).label == "2026年第1季度"
    with translation.override("en"):
        assert dict(PeriodForm().fields["quarter"].choices)[4] == "Q4"
        assert quarter_period(2026, 4).label == "2026 Q4"
