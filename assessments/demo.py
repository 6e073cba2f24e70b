"""Demo duty scoring for the demo street: this year's rules, entries with evidence (some approved, some
waiting for staff), every derived record, and last year's results frozen as scored."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.bulletins import bulletin_generate, bulletin_publish
from assessments.derivation import derive
from assessments.models import Bulletin, DutyKind, RuleSet, Seat, Sitting
from assessments.periods import year_period
from assessments.rules import ruleset_ensure
from assessments.services import duty_record_enter, excellent_mark, scores_freeze
from assessments.sittings import RollEntry, eligible_deputies, sitting_record, sitting_roll_save, speech_add
from deputies.models import Level

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
    RuleSet.objects.filter(year=last_year, jurisdiction__isnull=True).update(
        excellent_top_n=10, excellent_requires_minimums=False
    )
    scores_freeze(year=last_year, actor=staff)
    for deputy in street.deputies[:3]:
        excellent_mark(year=last_year, deputy=deputy, actor=staff, selected=True)

    ruleset = ruleset_ensure(today.year)
    # The year is not over: candidates by points for now; staff require every minimum at year end.
    RuleSet.objects.filter(pk=ruleset.pk).update(excellent_top_n=10, excellent_requires_minimums=False)
    for each in (street, *others):
        _entries(each, staff, today.year, today)
        _waiting(each, today)
    _sittings(street, staff, today, others)
    derive(year_period(today.year))
    _bulletins(staff, today)
    return ruleset


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
