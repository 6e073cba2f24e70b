"""About 300 opinions over the past year for the demo street (liaison/demo.py calls build(street)):
every channel and category, every route, most answered to the voter, some still open and overdue,
a few merged duplicates, withdrawn entries and matters not accepted. Made through the services, so each
has its timeline; the times are then moved into the past."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from deputies.models import Level
from liaison.core.demo import person_name
from liaison.models import Stationing
from voters.models import (
    Category,
    Channel,
    Opinion,
    OpinionEvent,
    RefusalReason,
    ReturnVisit,
    Route,
    Satisfaction,
)
from voters.services.intake import opinion_create
from voters.services.steps import (
    opinion_close,
    opinion_merge,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
    voters_to_answer,
)
from voters.services.voters import voter_find_or_create

COUNT = 290
ROADS = ["东湖路", "桂花路", "丹桂大道", "梧桐街", "杏林路", "明珠大道", "滨江路", "科技园一路"]
MATTERS = {
    "交通出行": [
        "{road}与{road2}路口早晚高峰拥堵，建议增设左转信号灯",
        "{community}公交站台没有遮雨棚，老人雨天候车不便",
        "希望在{community}附近增设非机动车停放点",
        "{road}路面破损坑洼，雨天积水严重",
    ],
    "生态环境": [
        "{community}旁的河道夏天有异味，建议清淤治理",
        "{road}沿街餐馆油烟直排，影响楼上居民",
        "{community}垃圾分类投放点清运不及时",
        "{road}工地夜间施工噪音大，影响休息",
    ],
    "民生保障": [
        "{community}老年食堂价格偏高，希望增加补贴",
        "希望{community}增设社区卫生服务站，方便老人看病",
        "{community}老旧小区加装电梯推进缓慢",
        "希望{community}增加普惠托育服务",
    ],
    "公共安全": [
        "{road}路灯损坏多日，夜间出行不安全",
        "{community}电动车在楼道充电，存在火灾隐患",
        "{road}小学门口上下学时段缺少交通协管",
        "{community}消防通道长期被车辆占用",
    ],
    "营商环境": [
        "个体户反映在{community}办理经营证照手续繁琐",
        "希望规范{road}夜市的经营时间和卫生管理",
        "科技园企业反映招工难，希望组织专场招聘会",
        "小微企业反映融资难，希望搭建银企对接平台",
    ],
    "城市更新": [
        "{community}老旧小区外墙瓷砖脱落，存在安全隐患",
        "{road}雨污分流改造后路面一直未恢复",
        "{community}停车位严重不足，车辆乱停乱放",
        "{community}老旧小区屋顶漏水，希望纳入改造",
    ],
    "乡村振兴": [
        "{community}农产品销售渠道少，希望搭建电商平台",
        "{community}村组道路需要硬化",
        "{community}农田灌溉水渠年久失修",
        "希望在{community}开展农业技术培训",
    ],
    "其他": [
        "希望{community}多组织群众文体活动",
        "{community}社区图书室开放时间太短",
        "希望加强{community}的反诈宣传",
    ],
}
NOT_ACCEPTED = [
    (
        RefusalReason.IN_COURT,
        "与邻居的房屋买卖合同纠纷，已经起诉到法院，希望代表过问",
        "该纠纷已进入诉讼程序，请向区人民法院了解审理进展，联络站不干预个案审判。",
    ),
    (
        RefusalReason.IN_ARBITRATION,
        "与公司的劳动报酬争议已申请劳动仲裁，希望加快处理",
        "该争议已在劳动人事争议仲裁委员会处理，请向仲裁委了解进度；如需法律援助可到街道公共法律服务站。",
    ),
    (
        RefusalReason.IN_PETITION,
        "拆迁补偿问题已在区信访局登记，希望代表帮助协调",
        "该事项已进入信访程序，请通过区信访局了解办理情况，联络站已告知信访事项的查询方式。",
    ),
]
CHANNELS = [
    (Channel.RECEPTION, 30),
    (Channel.VISIT, 15),
    (Channel.APPOINTMENT, 6),
    (Channel.PHONE, 12),
    (Channel.WECHAT, 12),
    (Channel.MAILBOX, 5),
    (Channel.ONLINE, 12),
    (Channel.CONSULTATION, 8),
]
ROUTES = [
    (Route.ON_THE_SPOT, 16),
    (Route.STATION, 30),
    (Route.STREET_OFFICE, 28),
    (Route.SUGGESTION, 12),
    (Route.HIGHER_LEVEL, 6),
]
SATISFACTION = [(Satisfaction.SATISFIED, 78), (Satisfaction.BASICALLY, 15), (Satisfaction.UNSATISFIED, 4)]
SATISFACTION += [(Satisfaction.UNKNOWN, 3)]
WITH_DEPUTY = {Channel.RECEPTION, Channel.VISIT, Channel.APPOINTMENT, Channel.CONSULTATION}


def _pick(rng, weighted):
    return rng.choices(
        [value for value, _weight in weighted], weights=[weight for _value, weight in weighted]
    )[0]


@transaction.atomic
def build(street):
    rng = street.rng
    now = timezone.now()
    officer = street.users["officer"]
    places = [street.station, *street.points, street.enterprise]
    deputies_at = {}
    for stationing in Stationing.objects.filter(station__in=places, until__isnull=True).select_related(
        "deputy"
    ):
        deputies_at.setdefault(stationing.station_id, []).append(stationing.deputy)
    categories = {category.name: category for category in Category.objects.all()}
    street_office = next((unit for unit in street.units if unit.kind == "street_office"), None)
    communities = [point.area or point.name for point in street.points]
    people = []

    def voter_for(place):
        if people and rng.random() < 0.15:  # some voters come back with another matter
            phone, name = rng.choice(people)
        else:
            phone = (
                f"+86{rng.choice(['135', '136', '137', '151', '187', '199'])}{rng.randint(0, 99999999):08d}"
            )
            name = person_name(rng)
            people.append((phone, name))
        return voter_find_or_create(
            station=place,
            phone=phone,
            name=name,
            community=rng.choice(communities),
            address=f"{rng.choice(ROADS)}{rng.randint(1, 200)}号{rng.randint(1, 12)}栋",
            consent=True,
        )

    made = 0
    for index in range(round(COUNT * street.scale)):
        days_ago = int(rng.random() ** 1.2 * 365)
        received = _daytime(now - timedelta(days=days_ago), rng)
        place = rng.choice(places)
        channel = _pick(rng, CHANNELS)
        refused = rng.random() < 0.04
        if refused:
            reason, content, reply = rng.choice(NOT_ACCEPTED)
            category = categories.get("其他")
        else:
            name = rng.choice(list(MATTERS))
            category = categories.get(name)
            content = rng.choice(MATTERS[name]).format(
                road=rng.choice(ROADS), road2=rng.choice(ROADS), community=rng.choice(communities)
            )
        anonymous = channel in {Channel.MAILBOX, Channel.ONLINE, Channel.WECHAT} and rng.random() < 0.35
        deputy = rng.choice(deputies_at.get(place.pk) or street.deputies) if channel in WITH_DEPUTY else None
        opinion = opinion_create(
            station=place,
            channel=channel,
            content=content,
            actor=None if channel == Channel.ONLINE else officer,
            voter=None if anonymous else voter_for(place),
            deputy=deputy,
            officer=None if channel == Channel.ONLINE else officer,
            received_at=received,
            category=category,
            location=f"{rng.choice(ROADS)}附近" if rng.random() < 0.4 else "",
        )
        made += 1
        _at(opinion, received)
        if index % 97 == 5:
            opinion_withdraw(opinion=opinion, actor=officer, reason="录入重复，已在另一条记录中登记")
            _at(opinion, received + timedelta(hours=2))
            continue
        if index % 41 == 7 and not refused:
            # The same matter raised again by a neighbour the next day: merged, both answered later.
            duplicate = opinion_create(
                station=place,
                channel=Channel.PHONE,
                content=content + "（邻居再次反映）",
                actor=officer,
                voter=voter_for(place),
                officer=officer,
                received_at=min(received + timedelta(days=1), now),
                category=category,
            )
            made += 1
            _at(duplicate, min(received + timedelta(days=1), now))
            opinion_merge(duplicate=duplicate, into=opinion, actor=officer, note="同一事项")
            _at(duplicate, min(received + timedelta(days=1, hours=1), now))
            _at(opinion, min(received + timedelta(days=1, hours=1), now))
        _follow(
            opinion,
            rng,
            now,
            officer,
            street_office,
            refused,
            reply if refused else "",
            reason if refused else "",
        )
    # Each place has a matter received this morning and still to triage, so that every officer's first
    # page shows work whatever day the demo is built on (the loop's ages and states are drawn at random).
    for place in places:
        name = rng.choice(list(MATTERS))
        content = rng.choice(MATTERS[name]).format(
            road=rng.choice(ROADS), road2=rng.choice(ROADS), community=rng.choice(communities)
        )
        received = now - timedelta(hours=1)
        opinion = opinion_create(
            station=place,
            channel=Channel.PHONE,
            content=content,
            actor=officer,
            voter=voter_for(place),
            officer=officer,
            received_at=received,
            category=categories.get(name),
        )
        _at(opinion, received)
        made += 1
    return made


def _follow(opinion, rng, now, officer, street_office, refused, refusal_reply, refusal_reason):
    """Take an opinion as far along the loop as its age allows, with believable delays."""
    when = timezone.localtime(opinion.received_at)
    if (now - when).days < 2 and rng.random() < 0.6:
        return  # just received: not triaged yet
    when = min(when + timedelta(hours=rng.randint(2, 60)), now)
    if refused:
        opinion_triage(
            opinion=opinion,
            route=Route.NOT_ACCEPTED,
            actor=officer,
            refusal_reason=refusal_reason,
            reply=refusal_reply,
        )
        _at(opinion, when)
        return _answer(opinion, rng, now, officer, when)
    route = _pick(rng, ROUTES)
    if route == Route.ON_THE_SPOT:
        opinion_triage(
            opinion=opinion,
            route=route,
            actor=officer,
            reply="代表现场解答了相关政策，并告知了办理渠道。",
        )
        _at(opinion, timezone.localtime(opinion.received_at))
        ReturnVisit.objects.filter(opinion=opinion).update(visited_at=opinion.received_at)
        Opinion.objects.filter(pk=opinion.pk).update(
            resolved_at=opinion.received_at, answered_at=opinion.received_at
        )
        return _close(opinion, rng, now, officer, opinion.received_at)
    opinion_triage(
        opinion=opinion,
        route=route,
        actor=officer,
        partner={Route.STATION: "社区居委会", Route.HIGHER_LEVEL: "市人大代表"}.get(route, ""),
        handling_unit=street_office if route == Route.STREET_OFFICE else None,
        suggested_level=Level.CITY if route == Route.HIGHER_LEVEL else Level.COUNTY,
    )
    _at(opinion, when)
    slow = rng.random() < 0.12
    start = when + timedelta(days=rng.randint(1, 4))
    if start > now:
        return
    opinion_start(opinion=opinion, actor=officer, note="已联系承办方")
    _at(opinion, start)
    resolved = start + timedelta(days=rng.randint(30, 120) if slow else rng.randint(3, 18))
    if resolved > now:
        return
    opinion_resolve(
        opinion=opinion,
        actor=officer,
        reply={
            Route.STATION: "社区居委会已牵头处理，问题已解决。",
            Route.STREET_OFFICE: "街道办事处已安排相关科室落实整改。",
            Route.SUGGESTION: "代表已将该问题形成建议提交区人大常委会，承办单位已答复并落实。",
            Route.HIGHER_LEVEL: "已转交市人大代表，相关部门已纳入年度计划。",
        }[route],
    )
    _at(opinion, resolved)
    Opinion.objects.filter(pk=opinion.pk).update(resolved_at=resolved)
    _answer(opinion, rng, now, officer, resolved)


def _answer(opinion, rng, now, officer, after):
    visited = after + timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 5))
    if visited > now or rng.random() < 0.04:
        return
    voters = voters_to_answer(opinion) or [None]
    for voter in voters:
        opinion_record_return_visit(
            opinion=opinion,
            actor=officer,
            voter=voter,
            method=rng.choice(list(ReturnVisit.Method.values)),
            satisfaction=_pick(rng, SATISFACTION),
            visited_at=visited,
            deputy=opinion.deputy,
            note=rng.choice(["群众表示满意", "群众表示感谢", "希望继续关注", ""]),
        )
        _at(opinion, visited)
    Opinion.objects.filter(pk=opinion.pk).update(answered_at=visited)
    _close(opinion, rng, now, officer, visited)


def _close(opinion, rng, now, officer, after):
    closed = after + timedelta(days=rng.randint(0, 3))
    if closed > now or rng.random() < 0.1:
        return
    opinion_close(opinion=opinion, actor=officer)
    _at(opinion, closed)
    Opinion.objects.filter(pk=opinion.pk).update(closed_at=closed)


def _at(opinion, when):
    """Move the opinion's newest event to `when` (the services stamp the present)."""
    last = OpinionEvent.objects.filter(opinion=opinion).order_by("-pk").values_list("pk", flat=True).first()
    OpinionEvent.objects.filter(pk=last).update(at=when)


def _daytime(moment, rng):
    local = timezone.localtime(moment)
    day = local.date()
    result = timezone.make_aware(
        datetime.combine(day, time(rng.randint(8, 17), rng.choice([0, 10, 20, 30, 40, 50]))),
        timezone.get_current_timezone(),
    )
    return min(result, timezone.now())
