"""A believable district for `manage.py demo_data`: the demo street (one liaison station, six community
contact points and an enterprise station, about 170 deputies in 8 area groups and 3 professional groups,
seed 004's size) and, beside it in the same district, a smaller second street, so that the district's staff
compare the two (DOMAIN.md: who runs it); one login per role, and one staff login per street.
Deterministic, so that every demo machine shows the same district."""

import random
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from assessments import demo as assessments_demo
from deputies.models import Deputy, DeputyGroup, Level, Mandate, name_search_keys
from liaison.activities import demo as activities_demo
from liaison.core.demo import person_name
from liaison.livelihood import demo as livelihood_demo
from liaison.models import HandlingUnit, Jurisdiction, Station, Stationing, User
from suggestions import demo as suggestions_demo
from voters import demo as voters_demo

DEMO_PASSWORD = "demo-liaison-2026"
DISTRICT = "江岸区"
STREET = "东湖街道"
POINTS = ["桂花社区", "丹桂社区", "梧桐社区", "杏林社区", "明珠社区", "滨江社区"]
# The second street: a quarter of the first's deputies and data, to keep the demo quick to build.
SECOND_STREET = "西湖街道"
SECOND_POINTS = ["荷花社区", "柳岸社区"]
SECOND_DEPUTIES = 40
# The station's address, the points' names and opening hours, the business park's enterprise station.
SECOND_PLACES = (
    "西湖大道18号社区服务中心一楼",
    SECOND_POINTS,
    "每月第一个星期六 9:00-11:30",
    ("西湖文创园", "一号楼", "每月第三个星期四 14:00-17:00"),
)
SECOND_SCALE = 0.25
UNITS = [
    ("区住房和城乡建设局", HandlingUnit.Kind.GOVERNMENT),
    ("区交通运输局", HandlingUnit.Kind.GOVERNMENT),
    ("区生态环境局", HandlingUnit.Kind.GOVERNMENT),
    ("区教育局", HandlingUnit.Kind.GOVERNMENT),
    ("区卫生健康委员会", HandlingUnit.Kind.GOVERNMENT),
    ("区城市管理局", HandlingUnit.Kind.GOVERNMENT),
    ("区市场监督管理局", HandlingUnit.Kind.GOVERNMENT),
    ("东湖街道办事处", HandlingUnit.Kind.STREET_OFFICE),
    ("区人民法院", HandlingUnit.Kind.COURT),
    ("区人民检察院", HandlingUnit.Kind.PROCURATORATE),
]
SECTORS = ["工人", "农民", "专业技术人员", "企业界", "党政干部", "教育界", "医疗卫生界", "社区工作者"]
OCCUPATIONS = [
    "社区党委书记",
    "企业负责人",
    "教师",
    "医生",
    "工程师",
    "个体工商户",
    "村民小组长",
    "律师",
    "公务员",
]
PROFESSIONAL_GROUPS = ["农业农村专业代表小组", "电子商务专业代表小组", "城市建设专业代表小组"]

# What every demo login is for; `make run` prints it.
DEMO_LOGINS = [
    ("officer", User.Role.OFFICER, "王丽", "liaison officer of the whole station"),
    ("officer2", User.Role.OFFICER, "周洁", "liaison officer of 滨江社区 only"),
    ("deputy", User.Role.DEPUTY, None, "a deputy (district and provincial mandates)"),
    ("staff", User.Role.STAFF, "张敏", "district standing committee staff: both streets, compared"),
    ("donghu", User.Role.STAFF, "刘芳", "staff of 东湖街道人大工委: that street only"),
    ("xihu", User.Role.STAFF, "陈静", "staff of 西湖街道人大工委: that street only"),
    ("officer3", User.Role.OFFICER, "黄磊", "liaison officer of the 西湖街道 station"),
    ("unit", User.Role.UNIT, "李强", "staff of 区住房和城乡建设局"),
    ("admin", User.Role.ADMIN, "系统管理员", "administrator (also Django admin)"),
]


# Where each staff login works; staff not named here see the whole deployment.
STAFF_JURISDICTIONS = {"staff": DISTRICT, "donghu": STREET, "xihu": SECOND_STREET}


@dataclass
class Street:
    """What a demo street is made of, handed to each app's demo builder in turn. The builders make the
    deployment's own things (calendar, session, rules) for the `main` street only, and `scale` of its
    volume of records for the others."""

    station: Station
    points: list
    enterprise: Station
    deputies: list
    units: list
    users: dict = field(default_factory=dict)
    rng: random.Random = field(default_factory=lambda: random.Random(2026))
    main: bool = True
    scale: float = 1.0


def demo_exists():
    return User.objects.filter(username="officer").exists()


@transaction.atomic
def build():
    street = build_network()
    second = build_second_street(street)
    # Each room adds its own demo data, given each street.
    for each in (street, second):
        activities_demo.build(each)
        voters_demo.build(each)
        suggestions_demo.build(each)
        livelihood_demo.build(each)
    suggestions_demo.build_consultations(street)
    assessments_demo.build(street, second)
    return street


def build_network():
    rng = random.Random(2026)
    district = Jurisdiction.objects.create(name=DISTRICT, level=Jurisdiction.Level.DISTRICT)
    # Both streets from the start, so that each street's staff login is made with its street.
    jurisdiction, _second = (
        Jurisdiction.objects.create(name=name, level=Jurisdiction.Level.STREET, parent=district)
        for name in (STREET, SECOND_STREET)
    )
    station, points, enterprise = _places(
        jurisdiction,
        "东湖路88号党群服务中心二楼",
        POINTS,
        "每月第二、第四个星期六 9:00-11:30",
        ("东湖科技园", "创新大厦一楼", "每月最后一个星期四 14:00-17:00"),
        phone="02788886666",
        rooms="接待室、议事厅、代表之家",
        # 五上墙 (seed 004): the rules hang on the public notice board.
        rules=(
            "一、每月15日为代表接待选民日，遇节假日顺延，提前一周公告接待代表、时间和地点。\n"
            "二、进站代表每两个月至少到站接待选民一次。\n"
            "三、群众反映的意见建议当场登记，分类交办，七个工作日内告知办理情况。\n"
            "四、每月召开一次会商会，分级研究处理收集的意见。\n"
            "五、代表每年向原选区选民述职，接受选民评议。"
        ),
    )
    # The street office belongs to its street, the bureaus and 一府两院 to the district (DOMAIN.md).
    units = [
        HandlingUnit.objects.create(
            name=name,
            kind=kind,
            contact_name=person_name(rng),
            jurisdiction=jurisdiction if kind == HandlingUnit.Kind.STREET_OFFICE else district,
        )
        for name, kind in UNITS
    ]

    deputies = _deputies(rng, [station, *points], enterprise, range(170), 8, PROFESSIONAL_GROUPS)
    street = Street(station=station, points=points, enterprise=enterprise, deputies=deputies, units=units)
    _logins(street)
    return street


def build_second_street(first):
    """西湖街道, beside the demo street in its district: a station, two points and an enterprise station,
    40 deputies in two groups, its own street office and officer; the district's units serve both."""
    rng = random.Random(2027)
    jurisdiction = Jurisdiction.objects.get(name=SECOND_STREET, parent=first.station.jurisdiction.parent_id)
    station, points, enterprise = _places(jurisdiction, *SECOND_PLACES, phone="02788887777")
    office = HandlingUnit.objects.create(
        name=f"{SECOND_STREET}办事处",
        kind=HandlingUnit.Kind.STREET_OFFICE,
        contact_name=person_name(rng),
        jurisdiction=jurisdiction,
    )
    # Indexes after the first street's, so that the deputies' ids for WeChat Work stay unique.
    deputies = _deputies(
        rng, [station, *points], enterprise, range(170, 170 + SECOND_DEPUTIES), 2, [], SECOND_STREET
    )
    units = [office if unit.kind == HandlingUnit.Kind.STREET_OFFICE else unit for unit in first.units]
    users = {**first.users, "officer": first.users["officer3"]}
    street = Street(station, points, enterprise, deputies, units, users, rng, main=False, scale=SECOND_SCALE)
    users["officer"].stations.add(station)
    station.head = users["officer"]
    station.save(update_fields=["head"])
    return street


def _places(jurisdiction, address, point_names, point_hours, park, **details):
    """A street's liaison station, open on weekdays and receiving voters on the 15th, its points, and the
    enterprise station of its business park (`park`: name, building, opening hours)."""
    name = jurisdiction.name
    station = Station.objects.create(
        name=f"{name}人大代表联络站",
        jurisdiction=jurisdiction,
        kind=Station.Kind.STATION,
        address=f"{name}{address}",
        opening_hours="周一至周五 9:00-17:00；每月15日接待选民日",
        area=f"{name}全域（{'、'.join(point_names)}）",
        **details,
    )
    points = [
        Station.objects.create(
            name=f"{point}代表联络点",
            kind=Station.Kind.POINT,
            parent=station,
            address=f"{name}{point}居委会一楼",
            opening_hours=point_hours,
            area=point,
        )
        for point in point_names
    ]
    park_name, building, park_hours = park
    enterprise = Station.objects.create(
        name=f"{park_name}代表驻企工作站",
        kind=Station.Kind.ENTERPRISE,
        parent=station,
        address=f"{park_name}{building}",
        opening_hours=park_hours,
        area=f"{park_name}企业",
    )
    return station, points, enterprise


def _deputies(rng, places, enterprise, indexes, area_count, professional_names, prefix=""):
    """The street's deputies, each in an area group meeting at one of `places`, stationed there (every
    seventeenth at `enterprise`), some also in a professional group."""
    station = places[0]
    area_groups = [
        DeputyGroup.objects.create(
            name=f"{prefix}第{'一二三四五六七八'[index]}代表小组",
            kind=DeputyGroup.Kind.AREA,
            station=places[index % len(places)],
        )
        for index in range(area_count)
    ]
    professional_groups = [
        DeputyGroup.objects.create(name=name, kind=DeputyGroup.Kind.PROFESSIONAL, station=station)
        for name in professional_names
    ]
    deputies = []
    used_phones = set(Deputy.objects.exclude(phone="").values_list("phone", flat=True))
    for index in indexes:
        name = person_name(rng)
        deputy = Deputy.objects.create(
            name=name,
            gender=rng.choice("MF"),
            birth_year=rng.randint(1960, 1995),
            party=rng.choice(["cpc", "cpc", "cpc", "democratic", "non_party", "masses"]),
            occupation=rng.choice(OCCUPATIONS),
            employer=f"{rng.choice(POINTS)}{rng.choice(['居委会', '卫生服务中心', '小学', '商贸公司', '物业公司'])}",
            sector=rng.choice(SECTORS),
            pledge="倾听民声、反映民意、为民办事，每月到联络站接待选民不少于一次。",
            **_channels(index, name, _phone(rng, used_phones)),
        )
        _mandates(deputy, index)
        group = area_groups[index % area_count]
        group.members.add(deputy)
        if index % 9 == 0 and professional_groups:
            professional_groups[index % len(professional_groups)].members.add(deputy)
        place = enterprise if index % 17 == 0 else group.station
        Stationing.objects.create(deputy=deputy, station=place, since=date(2022, 1, 1))
        deputies.append(deputy)
    for group in [*area_groups, *professional_groups]:
        group.leader = group.members.order_by("pk").first()
        group.save(update_fields=["leader"])
    return deputies


def _channels(index, name, phone):
    """What the street has on record to reach each deputy: most a mobile, every third a WeChat Work id,
    every fifth an e-mail; a few only WeChat Work or only an e-mail, and a few nothing at all (the
    officers' list of deputies to phone). The deputy with the demo login has all three."""
    userid = "".join(name_search_keys(name)[0].split()) + f"{index:03d}"
    email = f"{userid}@donghu.example"
    if index % 40 == 17:
        return {"phone": "", "wecom_userid": "", "email": ""}
    if index % 40 == 27:
        return {"phone": "", "wecom_userid": userid, "email": ""}
    if index % 40 == 37:
        return {"phone": "", "wecom_userid": "", "email": email}
    everything = index == 1
    return {
        "phone": phone,
        "wecom_userid": userid if everything or index % 3 == 0 else "",
        "email": email if everything or index % 5 == 0 else "",
    }


def _mandates(deputy, index):
    """Mostly district deputies; some also city deputies (one person, two levels, seed 001); a few higher."""
    Mandate.objects.create(
        deputy=deputy,
        level=Level.COUNTY,
        term="第十八届",
        constituency=f"第{index % 24 + 1}选区",
        started_on=date(2021, 12, 28),
    )
    if index % 8 == 0:
        Mandate.objects.create(deputy=deputy, level=Level.CITY, term="第十六届", started_on=date(2022, 1, 5))
    if index in (1, 2, 3):
        Mandate.objects.create(
            deputy=deputy, level=Level.PROVINCIAL, term="第十四届", started_on=date(2023, 1, 12)
        )
    if index == 4:
        Mandate.objects.create(
            deputy=deputy, level=Level.NATIONAL, term="第十四届", started_on=date(2023, 3, 5)
        )


def _logins(street):
    jurisdictions = {j.name: j for j in Jurisdiction.objects.filter(name__in=STAFF_JURISDICTIONS.values())}
    for number, (username, role, name, _purpose) in enumerate(DEMO_LOGINS):
        # Each login its own mobile, since a number logs in one account (login by phone and SMS code).
        phone = f"+86139000011{number:02d}"
        user = User(username=username, role=role, display_name=name or "", phone=phone)
        user.set_password(DEMO_PASSWORD)
        if role == User.Role.ADMIN:
            user.is_staff = user.is_superuser = True
        if username in STAFF_JURISDICTIONS:
            user.jurisdiction = jurisdictions.get(STAFF_JURISDICTIONS[username])
        if role == User.Role.UNIT:
            user.handling_unit = street.units[0]
        if role == User.Role.DEPUTY:
            deputy = street.deputies[1]
            user.display_name, user.phone = deputy.name, deputy.phone
        user.save()
        if username == "officer":
            user.stations.add(street.station)
            street.station.head = user
            street.station.save(update_fields=["head"])
        if username == "officer2":
            user.stations.add(street.points[-1])
        if role == User.Role.DEPUTY:
            deputy.user = user
            deputy.save(update_fields=["user"])
        street.users[username] = user


def _phone(rng, used):
    while True:
        phone = f"+86{rng.choice(['138', '139', '150', '186', '158', '177'])}{rng.randint(0, 99999999):08d}"
        if phone not in used:
            used.add(phone)
            return phone
