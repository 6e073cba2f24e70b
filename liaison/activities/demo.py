"""Demo data of the daily work: a year of reception days (the 15th of each month at the station; the 2nd
and 4th Saturday at two contact points), a dozen other activities with attendance, a few hundred visits,
appointments, a congress session and the reminders they plan, and a notice to every deputy; every other
reception day at the station is a joint one, with a judge, a police officer, a lawyer or the head of a
street department among its guests. Deterministic (the street's rng; the guests draw from their own, so
adding them moved nothing else)."""

import random
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from liaison.accounts.sms_codes import phone_digest
from liaison.activities.models import (
    Activity,
    ActivityEvent,
    Appointment,
    CongressSession,
    Invitation,
    Rating,
    RatingBallot,
    RatingMark,
    ReceptionGuest,
    ReceptionPlan,
    Visit,
    VisitEntry,
)
from liaison.activities.notices import notice_copy_read, notice_create, notice_send
from liaison.activities.ratings import paper_tally_record, voter_report_save
from liaison.activities.services import (
    activity_create,
    activity_publish,
    appointment_propose,
    appointment_request,
    congress_session_save,
    plan_generate,
    reception_guest_add,
    stationed_deputies,
)
from liaison.core.demo import person_name
from liaison.notifications import outbox

TOPICS = [
    "小区路灯损坏多日，晚上出行不便",
    "老旧小区希望加装电梯",
    "菜市场周边占道经营严重",
    "学校门口上下学时段交通拥堵",
    "社区卫生服务中心专家号难挂",
    "垃圾分类投放点异味大，希望增加清运次数",
    "公交线路调整后老人出行不便",
    "小区停车位不足，车辆乱停",
    "雨季道路积水，排水管网需改造",
    "希望增设社区养老服务站",
    "噪音扰民，夜间施工未按规定",
    "农贸市场食品安全检查",
    "企业反映用工招聘难",
    "希望增加健身器材和口袋公园",
]
OTHER_ACTIVITIES = [
    (Activity.Kind.TRAINING, "新任代表履职培训"),
    (Activity.Kind.RESEARCH, "老旧小区改造专题调研视察"),
    (Activity.Kind.PUBLICITY, "民法典进社区宣传"),
    (Activity.Kind.DISCUSSION, "院落恳谈会：停车难问题"),
    (Activity.Kind.GROUP, "代表小组集中活动"),
    (Activity.Kind.REPORT, "代表向选民述职"),
    (Activity.Kind.CONSULTATION, "月度会商：梳理本月群众意见"),
    (Activity.Kind.RESEARCH, "食品安全执法检查"),
    (Activity.Kind.CONSULTATION, "月度会商：听取建议办理情况"),
    (Activity.Kind.TRAINING, "代表建议撰写培训"),
    (Activity.Kind.OTHER, "进厂入企走访"),
    (Activity.Kind.DISCUSSION, "垃圾分类议事协商会"),
]

# Voters who rate by phone are mostly satisfied (the meeting's tallies are drawn the same way).
RATINGS = [Rating.SATISFIED] * 6 + [Rating.BASICALLY] * 2 + [Rating.UNSATISFIED]


def build(street):
    rng = street.rng
    officer = street.users["officer"]
    today = timezone.localdate()
    plans = [
        ReceptionPlan.objects.create(
            station=street.station,
            year=today.year,
            rule=ReceptionPlan.Rule.MONTH_DAY,
            month_day=15,
            start_time=time(9),
            end_time=time(11, 30),
            place=street.station.address,
            deputies_per_day=2,
            created_by=officer,
        ),
        *[
            ReceptionPlan.objects.create(
                station=point,
                year=today.year,
                rule=ReceptionPlan.Rule.NTH_WEEKDAY,
                weekday=ReceptionPlan.Weekday.SATURDAY,
                nths="2,4",
                start_time=time(9),
                end_time=time(11, 30),
                place=point.address,
                deputies_per_day=2,
                created_by=officer,
            )
            for point in street.points[:2]
        ],
    ]
    days = [day for plan in plans for day in plan_generate(plan=plan, actor=officer)]
    others = _other_activities(street, officer, today)
    meetings = _report_meetings(street, officer, today)
    for activity in [*days, *others, *meetings]:
        _advance(activity, officer, rng)
    _reports(street, officer, [*others, *meetings], rng)
    _visits(street, officer, [day for day in days if day.status == Activity.Status.DONE], rng)
    _appointments(street, officer, rng)
    _guests(officer, [day for day in days if day.station_id == street.station.pk], street.main)
    if street.main:  # the district's congress, once for all its streets
        congress_session_save(
            session=CongressSession(
                name="区第十八届人民代表大会第六次会议", starts_on=date(today.year + 1, 1, 12)
            )
        )
    build_notice(street)
    # What is already due reaches the inboxes now, as the beat job would within a minute.
    outbox.dispatch(outbox.deliver)


def build_notice(street):
    """One notice sent to every deputy of the street, a third of whom have read it."""
    notice = notice_create(
        actor=street.users["officer"],
        station=street.station,
        title="关于征集闭会期间代表建议的通知",
        body=(
            "各位代表：区人大常委会第六次会议将于明年一月召开。请结合接待选民和走访中收集的意见，"
            "围绕老旧小区改造、交通出行、养老服务等群众关心的问题，于本月底前通过联络站或本系统提交建议。"
            "联络站将于每周三下午安排工作人员协助整理建议材料。"
        ),
    )
    notice = notice_send(notice=notice)
    for copy in notice.copies.select_related("notification").order_by("pk")[::3]:
        notice_copy_read(copy=copy)


def _other_activities(street, officer, today):
    activities = []
    for index, (kind, title) in enumerate(OTHER_ACTIVITIES):
        start = timezone.make_aware(datetime.combine(today - timedelta(days=320 - index * 30), time(14, 30)))
        group = street.deputies[index * 11 % len(street.deputies) :][:8] or street.deputies[:8]
        activities.append(
            activity_create(
                actor=officer,
                deputies=group,
                kind=kind,
                title=title,
                station=None if kind == Activity.Kind.GROUP else street.station,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                place=street.station.address if kind != Activity.Kind.GROUP else "东湖科技园会议室",
                description="",
            )
        )
    return activities


REPORT_TEXT = (
    "各位选民：本人当选区人大代表以来，认真履行代表职责。{year}年参加代表小组活动和接待选民日{days}次，"
    "走访选民{visits}人次，围绕{topic}等问题提出建议{suggestions}件，均已得到办理答复。"
    "下一步，我将继续密切联系选民，把大家的意见建议带到人代会上。请各位选民对我的履职情况进行评议。"
)


def _report_meetings(street, officer, today):
    """A second report meeting (述职) three days ago, whose rating is still open, for the demo deputy and two
    others: the first of the year (in OTHER_ACTIVITIES) was rated and closed months ago."""
    start = timezone.make_aware(datetime.combine(today - timedelta(days=3), time(14, 30)))
    return [
        activity_create(
            actor=officer,
            deputies=street.deputies[:3],
            kind=Activity.Kind.REPORT,
            title="代表向选民述职（下半年）",
            station=street.station,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            place=street.station.address,
            description="述职后请选民现场填写测评票，或扫描公告上的二维码测评。",
        )
    ]


def _reports(street, officer, activities, rng):
    """Each report meeting's reports by the deputies present (at most three), their paper tallies, and a few
    voters' ratings by phone. The ballots are written directly: the demo has no phones to send codes to."""
    for meeting in activities:
        if meeting.kind != Activity.Kind.REPORT:
            continue
        present = [
            invitation.deputy
            for invitation in meeting.invitations.select_related("deputy").order_by("pk")
            if invitation.attendance == Invitation.Attendance.PRESENT
        ][:3]
        for deputy in present:
            text = REPORT_TEXT.format(
                year=meeting.starts_at.year,
                days=rng.randint(6, 14),
                visits=rng.randint(30, 80),
                topic=rng.choice(TOPICS),
                suggestions=rng.randint(1, 5),
            )
            report = voter_report_save(activity=meeting, deputy=deputy, text=text, actor=officer)
            paper_tally_record(
                report=report,
                satisfied=rng.randint(15, 30),
                basically=rng.randint(2, 8),
                unsatisfied=rng.randint(0, 3),
                actor=officer,
            )
        reports = list(meeting.voter_reports.all())
        for number in range(rng.randint(4, 9)) if reports else ():
            ballot = RatingBallot.objects.create(
                activity=meeting,
                phone_digest=phone_digest(f"+86137{meeting.pk % 1000:03d}{number:05d}"),
                comment=rng.choice(["", "", "希望多到社区听听大家的意见", "讲得很实在"]),
            )
            RatingMark.objects.bulk_create(
                RatingMark(ballot=ballot, report=report, rating=rng.choice(RATINGS)) for report in reports
            )


def _advance(activity, officer, rng):
    """Past activities are done with attendance and a summary; those of the next two months published."""
    now = timezone.now()
    if activity.holiday_note:
        return
    if activity.starts_at < now:
        invitations = list(activity.invitations.all())
        for invitation in invitations:
            roll = rng.random()
            invitation.reply = Invitation.Reply.LEAVE if roll < 0.1 else Invitation.Reply.CONFIRMED
            invitation.reason = "工作冲突" if roll < 0.1 else ""
            invitation.replied_at = activity.starts_at - timedelta(days=3)
            invitation.attendance = (
                Invitation.Attendance.LEAVE
                if roll < 0.1
                else Invitation.Attendance.ABSENT
                if roll < 0.15
                else Invitation.Attendance.PRESENT
            )
        Invitation.objects.bulk_update(invitations, ["reply", "reason", "replied_at", "attendance"])
        finished = activity.ends_at + timedelta(hours=2)
        Activity.objects.filter(pk=activity.pk).update(
            status=Activity.Status.DONE,
            published_at=activity.starts_at - timedelta(days=8),
            attendance_at=finished,
            summary_at=finished,
            summary=f"共接待群众{rng.randint(3, 15)}人次，收集意见建议{rng.randint(2, 9)}条，已分类转办。",
        )
        ActivityEvent.objects.bulk_create(
            [
                ActivityEvent(activity=activity, kind=ActivityEvent.Kind.PUBLISHED, actor=officer),
                ActivityEvent(activity=activity, kind=ActivityEvent.Kind.ATTENDANCE_RECORDED, actor=officer),
            ]
        )
    elif activity.starts_at < now + timedelta(days=60):
        activity_publish(activity=activity, actor=officer, allow_late=True)


# Who joins the deputies on a joint reception day (seed 004: 联合接待), by role and office.
GUESTS = [
    (ReceptionGuest.Role.JUDGE, "区人民法院滨江人民法庭"),
    (ReceptionGuest.Role.POLICE, "滨江派出所"),
    (ReceptionGuest.Role.LAWYER, "明理律师事务所"),
    (ReceptionGuest.Role.STREET_DEPARTMENT, "街道综治中心"),
    (ReceptionGuest.Role.STREET_DEPARTMENT, "街道城市管理办公室"),
]


def _guests(officer, station_days, main):
    """Every other reception day at the station is a joint one with two or three guests."""
    rng = random.Random(4016 if main else 4017)
    names = {office: person_name(rng) for _role, office in GUESTS}
    for day in station_days[::2]:
        if day.status == Activity.Status.CANCELLED:
            continue
        for role, office in rng.sample(GUESTS, rng.randint(2, 3)):
            reception_guest_add(activity=day, actor=officer, name=names[office], office=office, role=role)


def _visits(street, officer, reception_days, rng):
    """About three hundred contacts: each reception day's voters, and visits, appointments, return visits."""
    deputies = street.deputies
    places = [street.station, *street.points]
    plans = []
    for day in reception_days:
        present = [i.deputy for i in day.invitations.all() if i.attendance == Invitation.Attendance.PRESENT]
        for _number in range(rng.randint(3, 6)):
            plans.append(
                (Visit.Kind.RECEPTION, day, day.station, present[:2], timezone.localdate(day.starts_at))
            )
    today = timezone.localdate()
    kinds = [Visit.Kind.VISIT, Visit.Kind.VISIT, Visit.Kind.RETURN, Visit.Kind.APPOINTMENT]
    stationed = {place.pk: list(stationed_deputies(place)) or deputies for place in places}
    while len(plans) < 320:
        station = rng.choice(places)
        pool = stationed[station.pk]
        present = rng.sample(pool, min(2, len(pool)))
        plans.append((rng.choice(kinds), None, station, present, today - timedelta(days=rng.randint(1, 330))))
    visits = Visit.objects.bulk_create(
        Visit(
            kind=kind,
            date=when,
            place=day.place if day else station.address,
            station=station,
            activity=day,
            officer=officer,
            voters_met=rng.randint(1, 5),
            summary="群众反映的问题已登记，将按职责分类转办。",
            created_by=officer,
        )
        for kind, day, station, _present, when in plans
    )
    Visit.deputies.through.objects.bulk_create(
        Visit.deputies.through(visit_id=visit.pk, deputy_id=deputy.pk)
        for visit, (_kind, _day, _station, present, _when) in zip(visits, plans, strict=True)
        for deputy in present
    )
    VisitEntry.objects.bulk_create(
        VisitEntry(
            visit=visit,
            voter_name=rng.choice("王李张刘陈杨黄赵吴周") + rng.choice(["先生", "女士", "大爷", "阿姨"]),
            raised=rng.choice(TOPICS),
            position=index,
        )
        for visit in visits
        for index in range(min(visit.voters_met, 3))
    )
    # Each reception day received the voters of its visits (liaison/activities/figures.py counts them there).
    received = Counter()
    for visit in visits:
        if visit.activity_id:
            received[visit.activity_id] += visit.voters_met
    for day in reception_days:
        if received[day.pk]:
            Activity.objects.filter(pk=day.pk).update(voters_received=received[day.pk])


def _appointments(street, officer, rng):
    deputy = street.deputies[1]  # the demo deputy's record
    for index, topic in enumerate(["反映小区物业服务问题", "咨询老旧小区改造政策", "企业融资难问题"]):
        appointment = appointment_request(
            actor=officer,
            station=street.station,
            deputy=deputy if index < 2 else rng.choice(street.deputies),
            voter_name=rng.choice(["赵建华", "孙丽萍", "周国强"]),
            voter_phone=f"+861390000{index:04d}",
            topic=topic,
        )
        if index == 0:
            when = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=4), time(10)))
            appointment_propose(
                appointment=appointment, actor=officer, proposed_at=when, place="联络站接待室"
            )
        if index == 2:
            Appointment.objects.filter(pk=appointment.pk).update(
                status=Appointment.Status.CANCELLED, outcome="选民已通过其他渠道解决"
            )
