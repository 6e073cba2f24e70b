"""About 60 suggestions across the demo year in every state of the loop, built through the services at past
moments (time-machine moves the clock there, so that every timeline is real): second rounds, key ones with
supervision, overdue ones, a group handled together, and work waiting for the demo "unit" and "deputy"
logins."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.utils import timezone

from deputies.models import Level
from liaison.activities.models import Activity, ActivityEvent, Invitation
from liaison.activities.services import attendance_record, summary_record
from liaison.models import User
from liaison.official_calendar import known_years
from liaison.services import calendar_load_year
from suggestions.models import Assignment, Reply, ReplyTemplate, Suggestion, SupervisionAction
from suggestions.selectors import consultation_deputies
from suggestions.services.assignments import assignment_accept, assignment_return, suggestion_assign
from suggestions.services.consultations import Decision, consultation_decide, consultation_open
from suggestions.services.proposals import (
    suggestion_merge,
    suggestion_register,
    suggestion_reject,
    suggestion_save_draft,
    suggestion_submit,
)
from suggestions.services.replies import (
    assignment_give_view,
    contact_record,
    suggestion_evaluate,
    suggestion_reply,
)
from suggestions.services.supervision import suggestion_mark_key, supervision_record
from voters.models import Category as OpinionCategory
from voters.models import Channel, Route
from voters.services.intake import opinion_create

TOPICS = [
    (
        "关于加快桂花社区老旧小区改造的建议",
        "urban",
        "小区建成已三十年，管网老化、外墙脱落，建议纳入今年改造计划。",
    ),
    ("关于增设丹桂社区公交站点的建议", "transport", "丹桂社区居民出行需步行一公里以上，建议增设公交站点。"),
    ("关于整治东湖沿岸污水直排的建议", "environment", "东湖沿岸仍有雨污混流排口，建议排查整治。"),
    ("关于扩大梧桐小学学位供给的建议", "education", "片区新建小区入住率上升，学位紧张，建议扩建校舍。"),
    ("关于社区卫生服务中心延长服务时间的建议", "health", "上班族就医难，建议周末及晚间开设门诊。"),
    ("关于完善老年助餐服务的建议", "social", "社区老年人口多，建议增设老年食堂和送餐服务。"),
    ("关于支持科技园中小企业融资的建议", "economy", "园区企业反映融资难，建议搭建银企对接平台。"),
    ("关于加强校园周边交通安全管理的建议", "law", "上下学高峰拥堵，建议增设护学岗和限速设施。"),
    ("关于规范电动自行车充电管理的建议", "urban", "楼道充电隐患大，建议增建集中充电桩。"),
    ("关于杏林路夜间施工噪声扰民的建议", "environment", "夜间施工影响居民休息，建议加强审批和执法。"),
    ("关于增设明珠社区停车位的建议", "transport", "停车位缺口大，建议利用边角地建设停车场。"),
    ("关于推进垃圾分类设施升级的建议", "urban", "部分投放点设施破损，建议更新并加装洗手池。"),
]
# (state, how many); unit 0 is the demo "unit" login's unit, deputy 1 the demo "deputy" login.
PLAN = [
    ("draft", 3),
    ("submitted", 4),
    ("rejected", 3),
    ("registered", 4),
    ("assigned", 6),
    ("accepted", 4),
    ("contacted", 3),
    ("overdue", 4),
    ("replied", 6),
    ("follow_up", 4),
    ("closed", 13),
    ("second_waiting", 2),
    ("second_assigned", 2),
    ("second_closed", 2),
]
TZ = ZoneInfo(settings.TIME_ZONE)


def _moment(day, hour=10):
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


def build(street):
    today = timezone.localdate()
    year = today.year
    if street.main:  # the deployment's calendar, and the units' templates, once
        _holidays(year)
        for unit in street.units[:3]:
            ReplyTemplate.objects.create(
                unit=unit,
                name="采纳答复",
                text=f"尊敬的代表：\n您提出的建议收悉。{unit.name}高度重视，经研究办理，现答复如下：\n",
            )
    staff = street.users["staff"]
    deputy_user = street.users["deputy"]
    unit_users = _unit_users(street)
    builder = _Builder(street, staff, deputy_user, unit_users, today)
    plan = [(state, max(1, round(number * street.scale))) for state, number in PLAN]
    count = sum(number for _state, number in plan)
    # Spread the submissions over the year so far, oldest first; the later states need older items.
    start = date(year, 1, 6)
    span = max((today - timedelta(days=10) - start).days, 30)
    order = [state for state, number in plan for _ in range(number)]
    recent_first = {"draft", "submitted", "registered", "assigned", "accepted", "contacted", "second_waiting"}
    old = sorted((s for s in order if s not in recent_first), key=lambda s: s != "overdue")
    recent = [s for s in order if s in recent_first]
    for index, state in enumerate([*old, *recent]):
        day = start + timedelta(days=span * index // count)
        if state in recent_first:
            day = max(day, today - timedelta(days=40))
        if state == "contacted":
            # Assigned almost three months ago: due soon.
            day = today - timedelta(days=88)
        builder.make(index, state, day)
    if street.main:
        builder.merge_group(today)
    return builder.made


def _holidays(year):
    """The official calendar of the demo's years, as `manage.py load_holidays` loads it; a year the package
    does not know yet is left out, as on a real deployment."""
    for demo_year in (year - 1, year, year + 1):
        if demo_year in known_years():
            calendar_load_year(year=demo_year)


def _unit_users(street):
    """An account per unit; the district's units serve every street, so a second street finds theirs."""
    users = {street.units[0].pk: street.users["unit"]}
    users.update(
        {user.handling_unit_id: user for user in User.objects.filter(handling_unit__in=street.units)}
    )
    for index, unit in enumerate(street.units[1:], start=2):
        if unit.pk in users:
            continue
        username = f"unit{index}" if street.main else f"unit{unit.pk}"
        user = User(
            username=username, role=User.Role.UNIT, handling_unit=unit, display_name=unit.contact_name
        )
        user.set_unusable_password()
        user.save()
        users[unit.pk] = user
    return users


class _Builder:
    def __init__(self, street, staff, deputy_user, unit_users, today):
        self.street = street
        self.staff = staff
        self.deputy_user = deputy_user
        self.unit_users = unit_users
        self.today = today
        self.now = timezone.now()
        self.rng = street.rng
        self.made = []
        self.for_demo_deputy = 0

    def at(self, day, hour=10):
        moment = _moment(min(day, self.today), hour)
        # Today's hours are squeezed into the part of today already past, so that a demo built in the small hours
        # keeps the order and the date of its steps and puts none in the future.
        if day >= self.today:
            midnight = _moment(self.today, 0)
            moment = midnight + (moment - midnight) * ((self.now - midnight) / timedelta(days=1))
        return time_machine.travel(moment, tick=False)

    def make(self, index, state, day):
        street, rng = self.street, self.rng
        title, category, content = TOPICS[index % len(TOPICS)]
        # Every fifth suggestion is the demo deputy's, so that the login has cases in every state.
        lead = street.deputies[(index * 7) % len(street.deputies)]
        # The demo deputy leads every fifth suggestion, and two replies wait for their evaluation.
        if index % 5 == 1 or (state == "replied" and self.for_demo_deputy < 2):
            lead = street.deputies[1]
            self.for_demo_deputy += state == "replied"
        joint = [d for d in rng.sample(street.deputies[10:60], rng.choice((0, 0, 1, 2))) if d.pk != lead.pk]
        writer = self.deputy_user if lead.user_id == self.deputy_user.pk else self.staff
        with self.at(day - timedelta(days=2)):
            suggestion = suggestion_save_draft(
                actor=writer,
                lead_deputy=lead,
                title=title,
                content=content,
                category=category,
                kind=Suggestion.Kind.BILL if index % 17 == 0 else Suggestion.Kind.SUGGESTION,
                period=Suggestion.Period.SESSION if day.month <= 2 else Suggestion.Period.BETWEEN,
                joint_deputies=joint,
            )
        self.made.append(suggestion)
        if state == "draft":
            return
        with self.at(day):
            suggestion_submit(suggestion=suggestion, actor=writer)
        if state == "submitted":
            return
        if state == "rejected":
            with self.at(day + timedelta(days=3)):
                suggestion_reject(
                    suggestion=suggestion,
                    actor=self.staff,
                    reason="所提事项属于个人信访诉求，已转区信访局依法处理。",
                )
            return
        with self.at(day + timedelta(days=2)):
            suggestion_register(suggestion=suggestion, actor=self.staff)
        if index % 9 == 0:
            with self.at(day + timedelta(days=3)):
                suggestion_mark_key(
                    suggestion=suggestion, actor=self.staff, is_key=True, leader="区人大常委会王副主任"
                )
        if state == "registered":
            return
        # The demo "unit" login gets most of the open work.
        unit = (
            street.units[0]
            if state in {"assigned", "accepted", "contacted", "overdue"} or index % 3 == 0
            else None
        )
        unit = unit or street.units[1 + index % (len(street.units) - 1)]
        co_units = [street.units[(index + 2) % len(street.units)]] if index % 4 == 0 else []
        if state == "accepted" and index % 2 == 0:
            # The demo unit as a co-unit: its view is awaited by the lead unit.
            unit, co_units = street.units[1], [street.units[0]]
        co_units = [u for u in co_units if u.pk != unit.pk]
        assigned = day + timedelta(days=5)
        self._assign(suggestion, unit, co_units, assigned)
        if state == "assigned":
            if index % 6 == 0:
                self._unit(
                    unit,
                    lambda actor: assignment_return(
                        assignment=self._lead(suggestion),
                        actor=actor,
                        reason="该事项属于区交通运输局职责范围。",
                    ),
                    min(assigned + timedelta(days=2), self.today),
                )
            return
        if state == "overdue":
            # Assigned long ago and never answered: stands out everywhere.
            self._unit(
                unit,
                lambda actor: assignment_accept(assignment=self._lead(suggestion), actor=actor),
                assigned + timedelta(days=2),
            )
            if suggestion.is_key:
                with self.at(assigned + timedelta(days=95)):
                    supervision_record(
                        suggestion=suggestion,
                        actor=self.staff,
                        kind=SupervisionAction.Kind.REMINDER_LETTER,
                        happened_on=min(assigned + timedelta(days=95), self.today),
                        note="已发督办函，要求十日内答复。",
                    )
            return
        self._handle(suggestion, unit, co_units, assigned, state, index)

    def _assign(self, suggestion, unit, co_units, day):
        with self.at(day):
            suggestion_assign(suggestion=suggestion, actor=self.staff, lead_unit=unit, co_units=co_units)

    def _lead(self, suggestion):
        suggestion.refresh_from_db()
        return suggestion.assignments.exclude(status=Assignment.Status.WITHDRAWN).get(
            round=suggestion.round, role=Assignment.Role.LEAD
        )

    def _unit(self, unit, call, day):
        with self.at(day, hour=15):
            return call(self.unit_users[unit.pk])

    def _handle(self, suggestion, unit, co_units, assigned, state, index):
        self._unit(
            unit,
            lambda actor: assignment_accept(assignment=self._lead(suggestion), actor=actor),
            assigned + timedelta(days=2),
        )
        for co_unit in co_units:
            co = suggestion.assignments.get(unit=co_unit, role=Assignment.Role.CO, round=suggestion.round)
            self._unit(
                co_unit,
                lambda actor, co=co: assignment_accept(assignment=co, actor=actor),
                assigned + timedelta(days=3),
            )
            if state != "accepted":
                self._unit(
                    co_unit,
                    lambda actor, co=co: assignment_give_view(
                        assignment=co, actor=actor, view="我单位同意主办单位意见，将配合做好相关工作。"
                    ),
                    assigned + timedelta(days=20),
                )
        if state == "accepted":
            return
        self._unit(
            unit,
            lambda actor: contact_record(
                suggestion=suggestion,
                actor=actor,
                method=self.rng.choice(["phone", "visit", "meeting"]),
                contacted_on=min(assigned + timedelta(days=15), self.today),
                note="与代表面商办理方案，代表表示认可。",
            ),
            assigned + timedelta(days=15),
        )
        if state == "contacted":
            return
        reply_day = min(assigned + timedelta(days=self.rng.randint(30, 80)), self.today - timedelta(days=3))
        result_class = "B" if state == "follow_up" else self.rng.choice("AAABCD")
        self._reply(suggestion, unit, result_class, reply_day)
        if state == "replied":
            return
        evaluate_day = min(reply_day + timedelta(days=7), self.today - timedelta(days=1))
        if state.startswith("second"):
            self._evaluate(suggestion, Suggestion.Rating.UNSATISFIED, evaluate_day, "答复未解决实际问题。")
            if state == "second_waiting":
                return
            other = self.street.units[(index + 5) % len(self.street.units)]
            second_day = evaluate_day + timedelta(days=3)
            self._assign(suggestion, other, [], second_day)
            if state == "second_assigned":
                return
            self._unit(
                other,
                lambda actor: assignment_accept(assignment=self._lead(suggestion), actor=actor),
                second_day + timedelta(days=1),
            )
            self._unit(
                other,
                lambda actor: contact_record(
                    suggestion=suggestion,
                    actor=actor,
                    method="visit",
                    contacted_on=min(second_day + timedelta(days=5), self.today),
                    note="实地查看并与代表沟通。",
                ),
                second_day + timedelta(days=5),
            )
            self._reply(suggestion, other, "A", second_day + timedelta(days=20))
            self._evaluate(suggestion, Suggestion.Rating.SATISFIED, second_day + timedelta(days=25))
            return
        rating = self.rng.choice([Suggestion.Rating.SATISFIED] * 4 + [Suggestion.Rating.BASICALLY])
        self._evaluate(suggestion, rating, evaluate_day)

    def _reply(self, suggestion, unit, result_class, day):
        self._unit(
            unit,
            lambda actor: suggestion_reply(
                suggestion=suggestion,
                actor=actor,
                result_class=result_class,
                text=f"尊敬的代表：\n您提出的《{suggestion.title}》收悉。经研究，答复如下：{REPLIES[result_class]}",
                follow_up_on=min(day, self.today) + timedelta(days=120)
                if result_class == Reply.ResultClass.B
                else None,
                reason="受资金和规划条件限制，暂无法实施。" if result_class == Reply.ResultClass.C else "",
            ),
            day,
        )

    def _evaluate(self, suggestion, rating, day, comment=""):
        suggestion.refresh_from_db()
        actor = self.deputy_user if suggestion.lead_deputy.user_id == self.deputy_user.pk else self.staff
        with self.at(day, hour=16):
            suggestion_evaluate(suggestion=suggestion, actor=actor, rating=rating, comment=comment)

    def merge_group(self, today):
        """并案办理: three suggestions about the same bus stop, handled once."""
        drafts = []
        for offset, deputy in enumerate(self.street.deputies[100:103]):
            with self.at(today - timedelta(days=30 - offset)):
                suggestion = suggestion_save_draft(
                    actor=self.staff,
                    lead_deputy=deputy,
                    title="关于在滨江社区增设公交站点的建议",
                    content="滨江社区居民反映出行不便，建议在滨江路口增设公交站点。",
                    category="transport",
                )
                suggestion_submit(suggestion=suggestion, actor=self.staff)
                suggestion_register(suggestion=suggestion, actor=self.staff)
            drafts.append(suggestion)
            self.made.append(suggestion)
        with self.at(today - timedelta(days=25)):
            suggestion_merge(main=drafts[0], others=drafts[1:], actor=self.staff, note="内容相同，并案办理")
        self._assign(drafts[0], self.street.units[1], [], today - timedelta(days=24))


REPLIES = {
    "A": "该事项已办理完毕，具体措施已落实到位。",
    "B": "该事项已列入明年工作计划，正在推进中，预计年内完成。",
    "C": "该事项因条件限制暂时无法解决，我们将持续关注。",
    "D": "您的建议对我们今后工作很有参考价值，我们将留作参考。",
}


# The monthly consultation (会商, seed 001) -------------------------------------------------------------------

# What voters raised that the month's meeting sorts (seed 001: 自来水水质、洗衣棚、村级卫生室、路灯不亮...).
MATTERS = [
    ("自来水有异味，担心水质，希望检测并公布结果。", Level.TOWNSHIP),
    ("小区缺少晾晒和洗衣的地方，希望增设洗衣棚。", Level.TOWNSHIP),
    ("社区卫生室设施简陋，老人看病不方便。", Level.COUNTY),
    ("桂花路路灯不亮已有半个月，夜里出行不安全。", Level.TOWNSHIP),
    ("丹桂路窨井盖破损，行人容易绊倒。", Level.TOWNSHIP),
    ("东湖沿岸步道缺少防护栏，孩子玩耍有危险。", Level.COUNTY),
    ("明珠社区地下室手机信号差，希望加装基站。", Level.CITY),
    ("希望开通到区医院的公交线路。", Level.CITY),
]
# What the meeting decides, in turn: solved with the community committee, the street office, a suggestion of
# a county deputy, the city deputies (seed 001: 对于能够解决的问题，连同村两委共同商讨解决).
DECISIONS = [Route.STATION, Route.SUGGESTION, Route.STREET_OFFICE, Route.HIGHER_LEVEL, Route.STATION]
MINUTES = (
    "{month}月度会商由站长主持，进站代表{present}人出席。会议对本月收集的{count}件群众意见逐件会商："
    "能当即解决的，与社区居委会共同商讨解决；属于街道职权的，转街道办事处办理；需要提出建议的，由相应层级代表领衔。"
    "会议通报了上个月代表建议办理反馈情况。"
)


def build_consultations(street):
    """A year of the station's monthly meetings, on the 25th: each with the month's opinions on its agenda, who
    came, the decisions applied and the minutes; this month's planned, its agenda drawn."""
    officer = street.users["officer"]
    rng = random.Random(2016)
    today = timezone.localdate()
    month = today.replace(day=1)
    months = []
    for _number in range(12):
        months.append(month)
        month = (month - timedelta(days=1)).replace(day=1)
    places = [street.station, *street.points]
    categories = list(OpinionCategory.objects.filter(is_active=True).order_by("position"))
    deputies = list(consultation_deputies(street.station))
    for index, first in enumerate(reversed(months)):
        raised = []
        for number in range(rng.randint(3, 5)):
            received = _moment(first + timedelta(days=rng.randint(1, 20)), rng.randint(9, 17))
            if received >= timezone.now():
                continue
            content, level = MATTERS[(index + number) % len(MATTERS)]
            with time_machine.travel(received, tick=False):
                raised.append(
                    opinion_create(
                        station=rng.choice(places),
                        channel=Channel.VISIT,
                        content=content,
                        actor=officer,
                        officer=officer,
                        deputy=rng.choice(deputies),
                        category=rng.choice(categories),
                        suggested_level=level,
                    )
                )
        starts = _moment(first.replace(day=25), 15)
        with time_machine.travel(min(starts, timezone.now()) - timedelta(days=1), tick=False):
            consultation = consultation_open(
                station=street.station,
                month=first,
                actor=officer,
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
                place=f"{street.station.name}议事厅",
            )
        if starts >= timezone.now():
            continue
        _hold(consultation, officer, raised, rng)


def _hold(consultation, officer, raised, rng):
    """The meeting held: announced a week ahead, who came, the decisions on the opinions raised for it (those
    left over from the voters' demo wait for a later month), the minutes."""
    activity = consultation.activity
    activity.invitations.update(reply=Invitation.Reply.CONFIRMED)
    Activity.objects.filter(pk=activity.pk).update(
        status=Activity.Status.PUBLISHED, published_at=activity.starts_at - timedelta(days=7)
    )
    activity.events.create(kind=ActivityEvent.Kind.PUBLISHED, actor=officer)
    activity.refresh_from_db()
    after = activity.ends_at - timedelta(minutes=10)
    invitations = list(activity.invitations.order_by("pk"))
    roll = {i.pk: rng.random() for i in invitations}
    attendance = {
        pk: Invitation.Attendance.LEAVE
        if r < 0.12
        else Invitation.Attendance.ABSENT
        if r < 0.16
        else "present"
        for pk, r in roll.items()
    }
    present = [i.deputy for i in invitations if attendance[i.pk] == Invitation.Attendance.PRESENT]
    items = {item.opinion_id: item for item in consultation.items.select_related("opinion")}
    decisions = []
    for number, opinion in enumerate(raised):
        route = DECISIONS[(consultation.month.month + number) % len(DECISIONS)]
        lead = rng.choice(present) if route in {Route.SUGGESTION, Route.HIGHER_LEVEL} else None
        level = {Route.HIGHER_LEVEL: Level.CITY, Route.SUGGESTION: Level.COUNTY}.get(route, Level.TOWNSHIP)
        partner = f"{opinion.station.name}居委会" if route == Route.STATION else ""
        decisions.append(
            Decision(
                item=items[opinion.pk], route=route, level=level, lead_deputy=lead, partner=partner[:100]
            )
        )
    with time_machine.travel(after, tick=False):
        attendance_record(activity=activity, actor=officer, attendance=attendance)
        consultation_decide(consultation=consultation, decisions=decisions, actor=officer)
        minutes = MINUTES.format(
            month=f"{consultation.month:%Y年%m月}", present=len(present), count=len(raised)
        )
        summary_record(activity=activity, actor=officer, summary=minutes)
