"""Demo duty scoring for the demo street: this year's rules, entries with evidence (some approved, some
waiting for staff), every derived record, and last year's results frozen as scored."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.bulletins import bulletin_generate, bulletin_publish
from assessments.commendations import (
    commendation_decline,
    commendation_nominate,
    commendation_select,
    excellent_mark,
)
from assessments.derivation import derive
from assessments.models import Bulletin, Commendation, DutyKind, RuleSet, Seat, Sitting
from assessments.periods import year_period
from assessments.planning import plan_draft, plan_submit, plan_update, summary_draft, summary_finalise
from assessments.rules import ruleset_ensure
from assessments.services import duty_record_enter, results_publish, scores_freeze
from assessments.sittings import RollEntry, eligible_deputies, sitting_record, sitting_roll_save, speech_add
from deputies.models import Level
from suggestions.models import Suggestion
from suggestions.rates import received

MINUTES = b"%PDF-1.4\n% demo evidence\n"


def build(street, *others):
    """The demo street's scoring, and the entries of the `others` beside it in its district; the rules,
    the derived records and last year's frozen results are the deployment's, made once for all."""
    today = timezone.localdate()
    staff = street.users["staff"]

    last_year = today.year - 1
    ruleset_ensure(last_year)
    for each in (street, *others):
        _entries(each, staff, last_year, date(last_year, 12, 31))
    derive(year_period(last_year))
    # 五个一 (seed 001): a visit and a suggestion a month, besides the yearly and quarterly minimums.
    monthly = {"min_visits_per_month": 1, "min_suggestions_per_month": 1}
    RuleSet.objects.filter(year=last_year, jurisdiction__isnull=True).update(
        excellent_top_n=10, excellent_requires_minimums=False, **monthly
    )
    scores_freeze(year=last_year, actor=staff)
    for deputy in street.deputies[:3]:
        excellent_mark(year=last_year, deputy=deputy, actor=staff, selected=True)
    _commendations(street, staff, last_year)
    # 亮履职 (seed 001): last year's results and commendations are on the public board.
    results_publish(year=last_year, actor=staff)

    ruleset = ruleset_ensure(today.year)
    # The year is not over: candidates by points for now; staff require every minimum at year end.
    RuleSet.objects.filter(pk=ruleset.pk).update(
        excellent_top_n=10, excellent_requires_minimums=False, **monthly
    )
    for each in (street, *others):
        _entries(each, staff, today.year, today)
        _waiting(each, today)
    _sittings(street, staff, today, others)
    derive(year_period(today.year))
    for each in (street, *others):
        _plans(each, today)
    _commendations(street, staff, today.year)
    _bulletins(staff, today)
    return ruleset


def _plans(street, today):
    """Each station's plan and summary of last year (submitted, final) and of this year (the plan drafted
    from last year's in one click and submitted, the summary a draft read from the records so far)."""
    officer = street.users["officer"]
    last_year = today.year - 1
    earlier = plan_draft(station=street.station, year=last_year, actor=officer)
    items = [*(earlier.items.values("kind", "title", "month", "planned_count")), *_AGREED]
    plan_update(plan=earlier, actor=officer, note="年初召开代表座谈会，商定代表接访年度安排表。", items=items)
    plan_submit(plan=earlier, actor=officer)
    summary_finalise(
        summary=summary_draft(station=street.station, year=last_year, actor=officer), actor=officer
    )
    plan = plan_draft(station=street.station, year=today.year, actor=officer)
    plan_submit(plan=plan, actor=officer)
    summary_draft(station=street.station, year=today.year, actor=officer)


# A year's plan as seed 004 agrees it at the start of the year: two reception days a month, a group activity
# a quarter, training in spring, the report to voters at year end.
_AGREED = [
    *(
        {"kind": "reception", "title": "代表接待选民日", "month": month, "planned_count": 2}
        for month in range(1, 13)
    ),
    *(
        {"kind": "group", "title": "代表小组集中活动", "month": month, "planned_count": 1}
        for month in (3, 6, 9, 12)
    ),
    {"kind": "training", "title": "代表履职培训", "month": 4, "planned_count": 1},
    {"kind": "research", "title": "民生实事专题调研视察", "month": 5, "planned_count": 1},
    {"kind": "consultation", "title": "月度会商", "month": 7, "planned_count": 1},
    {"kind": "report", "title": "代表向选民述职", "month": 12, "planned_count": 1},
]


def _commendations(street, staff, year):
    """A year of 评先选优 (seeds 000, 001, 004): the officer nominates for the station, staff for the units
    and the suggestions; staff select some, turn down others with the reason, and leave a few to decide."""
    officer = street.users["officer"]
    Kind = Commendation.Kind

    def nominate(kind, nominee, actor, reason, decision=None, note=""):
        made = commendation_nominate(year=year, kind=kind, nominee=nominee, actor=actor, reason=reason)
        if decision == "select":
            commendation_select(commendation=made, actor=staff, note=note)
        elif decision == "decline":
            commendation_decline(commendation=made, actor=staff, note=note)

    nominate(Kind.STATION, street.station, officer, "全年按时举办接待选民日，意见办理反馈及时。", "select")
    nominate(
        Kind.STATION,
        street.points[0],
        officer,
        "院落恳谈活动开展扎实。",
        "decline",
        "接待选民日次数未达全年计划。",
    )
    nominate(Kind.DEPUTY, street.deputies[3], staff, "履职积分居前。", "select", "各项最低要求均达到。")
    nominate(
        Kind.DEPUTY,
        street.deputies[5],
        officer,
        "积极走访选民，反映问题及时。",
        "decline",
        "履职积分未进入前列。",
    )
    nominate(
        Kind.UNIT,
        street.units[0],
        staff,
        "建议办理按时答复，代表满意。",
        "select",
        "办结率、满意率均居前列。",
    )
    nominate(Kind.UNIT, street.units[1], staff, "办理态度积极。", "decline", "按时答复率偏低。")
    cohort = received(year_period(year).start, year_period(year).end)
    best = list(
        cohort.filter(lead_deputy__in=street.deputies, status=Suggestion.Status.CLOSED)
        .filter(rating=Suggestion.Rating.SATISFIED)
        .order_by("pk")[:3]
    )
    for index, suggestion in enumerate(best):
        decision = ("select", "decline", None)[index]
        nominate(
            Kind.SUGGESTION,
            suggestion,
            staff if index != 1 else officer,
            "建议内容具体，办理后群众受益明显。",
            decision,
            "" if decision != "decline" else "同类建议已评选。",
        )
    if year < timezone.localdate().year:
        return
    # Still to decide: the enterprise station and a deputy the officer put forward late in the year.
    nominate(Kind.STATION, street.enterprise, officer, "驻企工作站联系企业职工经常化。")
    nominate(Kind.DEPUTY, street.deputies[7], officer, "带头办实事，群众评价高。")


# The district's year of sittings (seeds 003, 004): its congress session in January, a standing-committee
# meeting every other month; roughly one deputy in twelve on leave and one in twenty-five absent.
MEETINGS = (1, 3, 5, 7, 9, 11)
TOPICS = ("老旧小区改造", "垃圾分类", "停车难", "养老服务")


def _sittings(street, staff, today, others):
    deputies = [deputy for each in (street, *others) for deputy in each.deputies]
    for month in MEETINGS:
        day = date(today.year, month, 8 if month == 1 else 20)
        if day > today:
            break
        congress = month == 1
        sitting = sitting_record(
            actor=staff,
            kind=Sitting.Kind.CONGRESS if congress else Sitting.Kind.STANDING_COMMITTEE,
            level=Level.COUNTY,
            title=f"区第十八届人民代表大会第{today.year - 2021}次会议"
            if congress
            else f"区人大常委会第{month + 10}次会议",
            starts_on=day,
            ends_on=day + timedelta(days=3 if congress else 0),
        )
        eligible = set(eligible_deputies(sitting, staff).values_list("pk", flat=True))
        ours = [deputy for deputy in deputies if deputy.pk in eligible]
        if congress:
            roll = [RollEntry(deputy, _attendance(index, month)) for index, deputy in enumerate(ours)]
        else:  # the committee's members are few; deputies sit in on the topic they raised suggestions on
            topic = TOPICS[month // 3 % len(TOPICS)]
            roll = [RollEntry(deputy, _attendance(index, month)) for index, deputy in enumerate(ours[:3])]
            roll += [
                RollEntry(deputy, Seat.Attendance.PRESENT, Seat.Role.INVITED, topic) for deputy in ours[3:6]
            ]
        sitting_roll_save(sitting=sitting, actor=staff, entries=roll)
        present = [entry.deputy for entry in roll if entry.attendance == Seat.Attendance.PRESENT]
        for index, deputy in enumerate(present[:3]):
            topic = TOPICS[(month + index) % len(TOPICS)]
            speech_add(
                sitting=sitting, actor=staff, deputy=deputy, topic=topic, text=f"关于{topic}的意见和建议。"
            )


def _attendance(index, month):
    if (index + month) % 25 == 0:
        return Seat.Attendance.ABSENT
    if (index + month) % 12 == 0:
        return Seat.Attendance.LEAVE
    return Seat.Attendance.PRESENT


def _bulletins(staff, today):
    """Each past month's bulletin and each past quarter's, published but the latest, left to review."""
    for month in range(1, today.month):
        bulletin = bulletin_generate(actor=staff, span=Bulletin.Span.MONTH, year=today.year, number=month)
        if month < today.month - 1:
            bulletin_publish(bulletin=bulletin, actor=staff)
    for quarter in range(1, (today.month - 1) // 3 + 1):
        bulletin = bulletin_generate(actor=staff, span=Bulletin.Span.QUARTER, year=today.year, number=quarter)
        bulletin_publish(bulletin=bulletin, actor=staff)


def _waiting(street, today):
    """Entered by the street's officer, waiting for staff, with their evidence."""
    rng = street.rng
    for index, deputy in enumerate(rng.sample(street.deputies, round(8 * street.scale))):
        kind = [DutyKind.LAW_ENFORCEMENT_CHECK, DutyKind.PRACTICAL_THING, DutyKind.CONSTITUENCY_VISIT][
            index % 3
        ]
        duty_record_enter(
            deputy=deputy,
            kind=kind,
            date=today - timedelta(days=rng.randint(1, 20)),
            title=_TITLES[kind],
            actor=street.users["officer"],
            evidence=ContentFile(MINUTES, name="evidence.pdf"),
            note="联络员代为登记，附活动记录。",
        )


_TITLES = {
    DutyKind.CONGRESS_SESSION: "出席区人民代表大会会议",
    DutyKind.STANDING_COMMITTEE: "列席区人大常委会会议",
    DutyKind.SPEECH: "在代表团审议时发言",
    DutyKind.LAW_ENFORCEMENT_CHECK: "参加《食品安全法》执法检查",
    DutyKind.PRACTICAL_THING: "协调解决小区路灯维修",
    DutyKind.CONSTITUENCY_VISIT: "回原选区走访选民",
}


def _entries(street, staff, year, until):
    """Duties staff recorded themselves (approved at once): the session, meetings, visits, practical things."""
    rng = street.rng
    session = date(year, 1, 12)
    if session > until:
        return
    for deputy in [*street.deputies[::2], street.deputies[1]]:
        duty_record_enter(
            deputy=deputy,
            kind=DutyKind.CONGRESS_SESSION,
            date=session,
            title=_TITLES[DutyKind.CONGRESS_SESSION],
            actor=staff,
        )
    span = max((until - session).days, 1)
    for deputy in rng.sample(street.deputies, round(60 * street.scale)):
        kind = rng.choice(
            [
                DutyKind.CONSTITUENCY_VISIT,
                DutyKind.PRACTICAL_THING,
                DutyKind.SPEECH,
                DutyKind.STANDING_COMMITTEE,
            ]
        )
        duty_record_enter(
            deputy=deputy,
            kind=kind,
            date=session + timedelta(days=rng.randint(1, span)),
            title=_TITLES[kind],
            quantity=rng.randint(1, 3) if kind == DutyKind.CONSTITUENCY_VISIT else 1,
            voters_met=rng.randint(5, 20) if kind == DutyKind.CONSTITUENCY_VISIT else 0,
            actor=staff,
        )
