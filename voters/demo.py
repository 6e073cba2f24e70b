"""About 300 opinions over the past year for the demo street (liaison/demo.py calls build(street)):
every channel and category, every route, most answered to the voter, some still open and overdue,
a few merged duplicates, withdrawn entries and matters not accepted; a year of private disputes mediated
by the station's deputies (most settled, some referred), forwards to a higher level naming who received
them, and opinions of joint reception days handed to a guest's office. Made through the services, so each
has its timeline; the times are then moved into the past. The mediations and the joint receptions draw from
their own random streams, so the rest of the demo is the same with or without them."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from deputies.models import Deputy, Level
from liaison.activities.models import Activity, ReceptionGuest
from liaison.core.demo import person_name
from liaison.models import Stationing
from voters.models import (
    Category,
    Channel,
    MediationOutcome,
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
    opinion_record_mediation,
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
# Private disputes the station's deputies mediate (seeds 001, 002), with what was agreed when settled.
DISPUTES = [
    (
        "楼上住户装修导致楼下卫生间渗水，双方就维修费用协商不成",
        "双方同意由楼上住户承担维修费用，物业监督施工。",
    ),
    ("邻居在楼道堆放杂物、饲养宠物扰民，多次沟通无果", "邻居承诺一周内清理杂物，宠物夜间不再放养。"),
    ("小区业主与物业公司就停车费上涨发生争执", "物业公司同意暂缓调价，召开业主大会协商收费标准。"),
    ("两户村民因宅基地边界围墙发生纠纷", "双方按村委会存档的界址图重新确认边界，围墙由双方共同出资改建。"),
    ("租客与房东就押金退还发生争议", "房东扣除实际维修费用后退还其余押金，双方签字确认。"),
    ("商铺空调外机噪音影响相邻住户休息", "商户同意将外机移位并加装隔音罩，夜间十点后停止使用。"),
]
REFERRALS = [
    "已引导当事人向滨江人民法庭申请诉前调解。",
    "涉及劳动报酬，已引导当事人向劳动人事争议仲裁委员会申请仲裁，并联系街道公共法律服务站提供法律援助。",
    "双方分歧较大，已转街道人民调解委员会继续调解。",
]
MEDIATIONS = 14
FORWARD_BODIES = ["市人大常委会代表工委", "市人大常委会社会建设委员会", "市人大常委会城建环保工委"]
GUEST_REPLIES = {
    ReceptionGuest.Role.JUDGE: "法庭法官已当面释法，并指导当事人通过诉前调解解决。",
    ReceptionGuest.Role.POLICE: "派出所已加强夜间巡逻，问题已得到整治。",
    ReceptionGuest.Role.LAWYER: "律师已提供法律咨询，协助当事人准备相关材料。",
    ReceptionGuest.Role.STREET_DEPARTMENT: "街道相关部门已现场查看并落实整改。",
    ReceptionGuest.Role.OTHER: "受邀单位已接手办理并答复。",
}
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
    city_deputies = list(
        Deputy.objects.filter(
            pk__in=[deputy.pk for deputy in street.deputies],
            mandates__level=Level.CITY,
            mandates__ended_on__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
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
            city_deputies,
        )
    made += _mediations(street, officer, deputies_at, communities, categories, now)
    made += _joint_receptions(street, officer, communities, categories, now)
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


def _forward(opinion, city_deputies):
    """Who receives an opinion forwarded to the city: a city deputy for one in three, else a body (the
    opinion's number picks, so the street's random stream is not drawn from)."""
    if city_deputies and opinion.pk % 3 == 0:
        return {"forwarded_to_deputy": city_deputies[opinion.pk % len(city_deputies)]}
    return {"forwarded_to_body": FORWARD_BODIES[opinion.pk % len(FORWARD_BODIES)]}


def _follow(
    opinion, rng, now, officer, street_office, refused, refusal_reply, refusal_reason, city_deputies=()
):
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
        **(_forward(opinion, city_deputies) if route == Route.HIGHER_LEVEL else {}),
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


def _voter(rng, place, communities):
    return voter_find_or_create(
        station=place,
        phone=f"+86{rng.choice(['138', '139', '158', '177'])}{rng.randint(0, 99999999):08d}",
        name=person_name(rng),
        community=rng.choice(communities),
        address=f"{rng.choice(ROADS)}{rng.randint(1, 200)}号",
        consent=True,
    )


def _mediations(street, officer, deputies_at, communities, categories, now):
    """A year of private disputes the station's deputies mediated (矛盾纠纷调解): most settled, some referred
    to the court, arbitration or the people's mediation committee, each followed by a return visit; the
    latest still being mediated."""
    rng = random.Random(5016 if street.main else 5017)
    pool = deputies_at.get(street.station.pk) or street.deputies
    count = max(3, round(MEDIATIONS * street.scale))
    for index in range(count):
        days_ago = 4 if index == count - 1 else rng.randint(12, 360)
        received = _daytime(now - timedelta(days=days_ago), rng)
        content, agreed = rng.choice(DISPUTES)
        opinion = opinion_create(
            station=street.station,
            channel=Channel.RECEPTION,
            content=content,
            actor=officer,
            voter=_voter(rng, street.station, communities),
            deputy=rng.choice(pool),
            officer=officer,
            received_at=received,
            category=categories.get("其他"),
        )
        _at(opinion, received)
        triaged = received + timedelta(hours=rng.randint(1, 5))
        opinion_triage(
            opinion=opinion,
            route=Route.MEDIATION,
            actor=officer,
            mediators=rng.sample(pool, min(len(pool), rng.randint(1, 2))),
            note="属民间纠纷，由驻站代表参与调解",
        )
        _at(opinion, triaged)
        if days_ago < 10:
            continue  # still being mediated
        settled = rng.random() < 0.75
        mediated = triaged + timedelta(days=rng.randint(2, 8))
        opinion_record_mediation(
            opinion=opinion,
            actor=officer,
            outcome=MediationOutcome.SETTLED if settled else MediationOutcome.REFERRED,
            result=agreed if settled else rng.choice(REFERRALS),
            mediated_on=timezone.localdate(mediated),
            reply="经代表调解，双方已达成一致。"
            if settled
            else "经代表调解未能达成一致，已告知后续解决渠道。",
        )
        _at(opinion, mediated)
        Opinion.objects.filter(pk=opinion.pk).update(resolved_at=mediated)
        _answer(opinion, rng, now, officer, mediated)
    return count


def _joint_receptions(street, officer, communities, categories, now):
    """On each joint reception day held, a matter or two handed to a guest's office directly."""
    rng = random.Random(6016 if street.main else 6017)
    days = (
        Activity.objects.filter(station=street.station, kind=Activity.Kind.RECEPTION, starts_at__lt=now)
        .filter(guests__isnull=False)
        .exclude(status=Activity.Status.CANCELLED)
        .distinct()
        .order_by("starts_at")
    )
    made = 0
    for day in days.prefetch_related("guests", "invitations__deputy"):
        guests = list(day.guests.all())
        present = [invitation.deputy for invitation in day.invitations.all()] or street.deputies
        for _number in range(rng.randint(1, 2)):
            guest = rng.choice(guests)
            received = day.starts_at + timedelta(minutes=rng.randint(10, 120))
            name = rng.choice(list(MATTERS))
            opinion = opinion_create(
                station=street.station,
                channel=Channel.RECEPTION,
                content=rng.choice(MATTERS[name]).format(
                    road=rng.choice(ROADS), road2=rng.choice(ROADS), community=rng.choice(communities)
                ),
                actor=officer,
                voter=_voter(rng, street.station, communities),
                deputy=rng.choice(present),
                officer=officer,
                received_at=received,
                category=categories.get(name),
            )
            made += 1
            _at(opinion, received)
            opinion_triage(opinion=opinion, route=Route.GUEST_OFFICE, actor=officer, reception_guest=guest)
            _at(opinion, received + timedelta(minutes=30))
            resolved = received + timedelta(days=rng.randint(3, 15))
            if resolved > now:
                continue
            opinion_start(opinion=opinion, actor=officer, note=guest.office)
            _at(opinion, received + timedelta(days=1))
            opinion_resolve(opinion=opinion, actor=officer, reply=GUEST_REPLIES[guest.role])
            _at(opinion, resolved)
            Opinion.objects.filter(pk=opinion.pk).update(resolved_at=resolved)
            _answer(opinion, rng, now, officer, resolved)
    return made


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
