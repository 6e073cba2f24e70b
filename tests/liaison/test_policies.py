"""The policy staff set (liaison/policies, issue 18 item 9): a change is a new version with who and when,
written to the security log in Chinese, and reaches the cases that begin after it only."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from liaison.activities.services import activity_create, activity_publish
from liaison.core.errors import ActionRefused
from liaison.models import Holiday
from liaison.policies.models import Policy
from liaison.policies.selectors import policy_in_force
from liaison.policies.services import policy_set
from liaison.security import SecurityEvent
from suggestions.models import Suggestion
from suggestions.services.replies import suggestion_evaluate
from tests.suggestions.factories import loop_from
from voters.models import Channel
from voters.services.intake import opinion_create

pytestmark = pytest.mark.django_db
PAGE = reverse("policies:edit")
# Friday 2 October 2026 at 10:00 in China, in the National Day week.
FRIDAY = timezone.make_aware(datetime(2026, 10, 2, 10))


def _form(**changes):
    current = policy_in_force()
    return {
        "opinion_answer_days": current.opinion_answer_days,
        "opinion_answer_day_count": current.opinion_answer_day_count,
        "reception_publish_days_ahead": current.reception_publish_days_ahead,
        "basically_satisfied_reassigns": "on" if current.basically_satisfied_reassigns else "",
        "note": "",
        **changes,
    }


def _set(actor, **changes):
    values = {name: getattr(policy_in_force(), name) for name in _form() if name != "note"}
    return policy_set(actor=actor, **{**values, **changes})


def test_before_any_change_the_settings_are_the_policy(settings):
    settings.OPINION_ANSWER_DAYS = 12
    settings.OPINION_ANSWER_WORKING_DAYS = True
    settings.RECEPTION_PUBLISH_DAYS_AHEAD = 5
    settings.SUGGESTION_BASICALLY_SATISFIED_REASSIGNS = True
    policy = policy_in_force()
    assert policy.pk is None
    assert (policy.opinion_answer_days, policy.opinion_answer_day_count) == (12, Policy.DayCount.WORKING)
    assert policy.reception_publish_days_ahead == 5 and policy.basically_satisfied_reassigns


def test_staff_change_the_policy_and_the_log_says_so_in_chinese(committee_staff, staff_user):
    page = committee_staff.get(PAGE)
    assert "答复群众期限" in page.content.decode() and "工作日" in page.content.decode()
    response = committee_staff.post(
        PAGE,
        _form(opinion_answer_days=7, opinion_answer_day_count="working", basically_satisfied_reassigns="on"),
    )
    assert response.status_code == 302
    policy = policy_in_force()
    assert policy.pk and policy.set_by == staff_user
    assert (policy.opinion_answer_days, policy.opinion_answer_day_count) == (7, "working")
    event = SecurityEvent.objects.get(kind=SecurityEvent.Kind.POLICY_CHANGED)
    assert event.user == staff_user and event.target == f"liaison.Policy #{policy.pk}"
    log = committee_staff.get(reverse("security_log")).content.decode()
    assert "工作规则调整" in log
    assert "答复群众期限（天）：15 → 7" in log
    assert "期限计算方式：自然日 → 工作日" in log
    assert "“基本满意”也二次交办：否 → 是" in log
    assert "opinion_answer" not in log
    # The history on the page: who and when.
    page = committee_staff.get(PAGE).content.decode()
    assert str(staff_user) in page and "7 个工作日" in page


def test_saving_the_same_values_makes_no_version(committee_staff):
    committee_staff.post(PAGE, _form())
    assert not Policy.objects.exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.POLICY_CHANGED).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opinion_answer_days", "0", "请填写 1 到 365 之间的整数天数。"),
        ("opinion_answer_days", "abc", "请填写 1 到 365 之间的整数天数。"),
        ("opinion_answer_days", "99999999999999999999", "请填写 1 到 365 之间的整数天数。"),
        ("opinion_answer_day_count", "lunar", "请选择自然日或工作日。"),
        ("reception_publish_days_ahead", "-3", "请填写 0 到 90 之间的整数天数。"),
    ],
)
def test_bad_input_is_refused_with_what_was_typed_kept(committee_staff, field, value, message):
    response = committee_staff.post(PAGE, _form(**{field: value, "note": "常委会主任会议决定"}))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text and "常委会主任会议决定" in text
    assert not Policy.objects.exists()


def test_only_committee_staff_set_it(officer_user):
    with pytest.raises(ActionRefused):
        _set(officer_user, opinion_answer_days=3)
    assert not Policy.objects.exists()


def test_a_new_opinion_follows_the_new_deadline_and_an_open_one_keeps_its_own(station, staff_user):
    # National Day 1-7 October off, Saturday 10 October worked (调休).
    for day in range(1, 8):
        Holiday.objects.create(date=date(2026, 10, day), name="国庆节")
    Holiday.objects.create(date=date(2026, 10, 10), name="调休", is_working_day=True)
    with time_machine.travel(FRIDAY, tick=False):
        before = opinion_create(station=station, channel=Channel.RECEPTION, content="桂花路路灯不亮")
        _set(staff_user, opinion_answer_days=7, opinion_answer_day_count=Policy.DayCount.WORKING)
        after = opinion_create(station=station, channel=Channel.RECEPTION, content="桂花路下水道堵塞")
    assert before.due_on == date(2026, 10, 17)  # 15 calendar days, as when it came in
    before.refresh_from_db()
    assert before.due_on == date(2026, 10, 17)
    # Working days: 8, 9, 10 (worked Saturday), 12, 13, 14, 15.
    assert after.due_on == date(2026, 10, 15)


def test_basically_satisfied_follows_the_rule_in_force_when_submitted(request, staff_user):
    loop = loop_from(request.getfixturevalue)
    submitted_before = loop.to("submitted")
    _set(staff_user, basically_satisfied_reassigns=True)
    submitted_after = loop.to("replied")
    old = loop.to("replied", suggestion=submitted_before)
    assert not old.basically_satisfied_reassigns and submitted_after.basically_satisfied_reassigns
    for suggestion in (old, submitted_after):
        suggestion_evaluate(suggestion=suggestion, actor=loop.deputy_user, rating="basically")
    old.refresh_from_db()
    submitted_after.refresh_from_db()
    assert old.status == Suggestion.Status.CLOSED
    assert submitted_after.status == Suggestion.Status.REGISTERED and submitted_after.round == 2


def _reception_day(station, officer_user, days_ahead):
    starts = timezone.now() + timedelta(days=days_ahead)
    return activity_create(
        actor=officer_user,
        kind="reception",
        title="接待选民日",
        station=station,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="联络站接待室",
    )


def test_a_reception_day_keeps_the_lead_time_it_was_planned_under(station, officer_user, staff_user):
    planned_before = _reception_day(station, officer_user, 4)
    _set(staff_user, reception_publish_days_ahead=3)
    planned_after = _reception_day(station, officer_user, 4)
    assert (planned_before.publish_days_ahead, planned_after.publish_days_ahead) == (7, 3)
    with pytest.raises(ValidationError, match="7"):
        activity_publish(activity=planned_before, actor=officer_user)
    activity_publish(activity=planned_after, actor=officer_user)
    planned_after.refresh_from_db()
    assert planned_after.status == "published"


def test_the_page_costs_the_same_with_more_versions(
    committee_staff, staff_user, django_assert_max_num_queries
):
    for days in range(2, 22):
        _set(staff_user, opinion_answer_days=days)
    with django_assert_max_num_queries(12):
        assert committee_staff.get(PAGE).status_code == 200
