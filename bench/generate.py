"""A deterministic dataset at street or city scale, loaded with COPY (bench/copy.py).

The same generator makes both: a city (300 stations with 2,000 contact points, 10,000 deputies, 5 years)
and a street (one station, 170 deputies, one year). Everything comes from one seeded random generator, so
two runs on the same day build the same rows; dates are relative to today, so "overdue" stays meaningful.
Rows respect the models' invariants: statuses are reached through the same steps the services take, and
each step has its timeline event."""

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import DutyKind, DutyRecord
from bench.copy import Loader, reset_sequences
from deputies.models import Deputy, DeputyGroup, Level, Mandate
from liaison.activities.models import Activity, Invitation, Visit
from liaison.models import HandlingUnit, Station, Stationing, User
from liaison.notifications.models import Delivery, Notification, Recipient
from suggestions.models import Assignment, Evaluation, Reply, Suggestion, SuggestionEvent
from voters.models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Category,
    Channel,
    Opinion,
    OpinionEvent,
    Route,
    Voter,
)

PASSWORD = "bench-liaison-2026"
SEARCH_WORD = "路灯"  # the opinions list's text search finds about one opinion in twenty

TOPICS = [
    "路灯不亮，夜间出行不便",  # contains SEARCH_WORD
    "小区电梯老旧需要加装",
    "菜市场周边占道经营",
    "学校门口早晚高峰拥堵",
    "社区卫生服务中心排队时间长",
    "老旧小区雨污分流改造",
    "公交线路调整后换乘不便",
    "垃圾分类收运不及时",
    "停车位不足，乱停车现象多",
    "养老服务站活动场地不足",
    "河道整治后的绿化维护",
    "噪音扰民，夜间施工",
    "共享单车乱停放",
    "农贸市场卫生条件差",
    "社区文化活动室开放时间短",
    "道路破损坑洼需修补",
    "物业服务质量有待提高",
    "小区充电桩数量不足",
    "人行道被占用",
    "健身器材损坏未修",
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌海燕凤云鹏辉"


@dataclass
class Scale:
    name: str
    stations: int
    points: int
    deputies: int
    groups: int
    units: int
    years: int
    opinions: int
    suggestions: int
    activities: int
    invitations_per_activity: int
    visits: int

    def scaled(self, factor):
        if factor == 1:
            return self
        keep = {"name", "years", "invitations_per_activity"}
        values = {
            name: (value if name in keep else max(1, round(value * factor)))
            for name, value in self.__dict__.items()
        }
        return Scale(**values)


CITY = Scale("city", 300, 2000, 10000, 400, 300, 5, 300_000, 100_000, 50_000, 10, 200_000)
# One station a year at the city's per-station rates: 170 deputies, its points, its share of the rest.
STREET = Scale("street", 1, 7, 170, 7, 30, 1, 200, 340, 34, 10, 140)


@dataclass
class Built:
    """What the measurements need to find again: who logs in, and typical rows to open."""

    counts: dict = field(default_factory=dict)
    logins: dict = field(default_factory=dict)
    station_id: int = 0
    unit_id: int = 0
    suggestion_id: int = 0
    category_id: int = 0


class Ids:
    def __init__(self):
        self.next = {}

    def take(self, model, count=1):
        start = self.next.get(model, 1)
        self.next[model] = start + count
        return range(start, start + count)


def tracking_code(number):
    base = len(TRACKING_ALPHABET)
    chars = []
    for _ in range(TRACKING_LENGTH):
        number, digit = divmod(number, base)
        chars.append(TRACKING_ALPHABET[digit])
    return "".join(reversed(chars))


def person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def build(scale, *, seed=2026, log=print):
    """Load one scale's dataset into the (empty, migrated) default database."""
    with transaction.atomic():
        built = _build(scale, random.Random(seed), log)
    with connection.cursor() as cursor:
        # Statistics, and (outside a transaction, as in a benchmark run) the visibility map that index-only
        # scans need; inside a test's transaction VACUUM is not allowed.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return built


def _build(scale, rng, log):
    now = timezone.now()
    today = timezone.localdate()
    first_day = today.replace(month=1, day=1) - timedelta(days=365 * (scale.years - 1))
    span = (today - first_day).days
    password = make_password(PASSWORD)
    built = Built()
    counts = built.counts

    def load(model, rows):
        counts[model._meta.label] = counts.get(model._meta.label, 0) + Loader(model, now).write(rows)

    def day_in_history():
        return first_day + timedelta(days=rng.randrange(span + 1))

    # --- Network: stations and their contact points, officers, staff ---------------------------------
    districts = [f"第{n}区" for n in range(1, 11)]
    stations = list(range(1, scale.stations + 1))
    station_rows = [
        {
            "id": pk,
            "name": f"{districts[pk % 10]}{pk:03d}街道人大代表联络站",
            "kind": Station.Kind.STATION,
            "parent_id": None,
            "address": f"{districts[pk % 10]}人民路{pk}号",
            "is_active": True,
        }
        for pk in stations
    ]
    points = list(range(scale.stations + 1, scale.stations + scale.points + 1))
    parent_of = {}
    for index, pk in enumerate(points):
        parent_of[pk] = stations[index % len(stations)]
        station_rows.append(
            {
                "id": pk,
                "name": f"{station_rows[parent_of[pk] - 1]['name'][:-5]}第{index // len(stations) + 1}联络点",
                "kind": Station.Kind.POINT,
                "parent_id": parent_of[pk],
                "is_active": True,
            }
        )
    places = stations + points  # where deputies sit and opinions arrive
    home_station = {pk: parent_of.get(pk, pk) for pk in places}

    user_ids = iter(range(1, 10**9))
    users = []

    def user(username, role, name, **extra):
        pk = next(user_ids)
        users.append(
            {
                "id": pk,
                "username": username,
                "password": password,
                "role": role,
                "display_name": name,
                "is_active": True,
                "is_staff": role == User.Role.ADMIN,
                "is_superuser": False,
                "date_joined": now,
                "last_login": now,
                "password_changed_at": now,
                **extra,
            }
        )
        return pk

    staff = user("bench-staff", User.Role.STAFF, "代表工委")
    officers = {pk: user(f"bench-officer-{pk}", User.Role.OFFICER, person(rng)) for pk in stations}
    officer_stations = []
    for pk in places:
        officer_stations.append({"user_id": officers[home_station[pk]], "station_id": pk})

    # --- Handling units and their users ---------------------------------------------------------------
    unit_kinds = [kind for kind, _label in HandlingUnit.Kind.choices]
    units = list(range(1, scale.units + 1))
    unit_rows = [
        {
            "id": pk,
            "name": f"第{pk:03d}承办单位",
            "kind": unit_kinds[pk % len(unit_kinds)],
            "contact_name": person(rng),
            "is_active": True,
        }
        for pk in units
    ]
    unit_users = {pk: user(f"bench-unit-{pk}", User.Role.UNIT, f"第{pk:03d}承办单位联系人") for pk in units}
    for row in users:
        if row["role"] == User.Role.UNIT:
            row["handling_unit_id"] = int(row["username"].rsplit("-", 1)[1])

    # --- Deputies, mandates, stationings, groups --------------------------------------------------------
    deputies = list(range(1, scale.deputies + 1))
    deputy_rows, mandate_rows, stationing_rows = [], [], []
    deputy_user = {}
    deputies_at = {pk: [] for pk in places}
    levels = [Level.COUNTY, Level.TOWNSHIP, Level.CITY, Level.COUNTY, Level.TOWNSHIP, Level.PROVINCIAL]
    for index, pk in enumerate(deputies):
        place = places[index % len(places)] if index >= len(stations) else stations[index]
        deputies_at[place].append(pk)
        name = person(rng)
        deputy_user[pk] = user(f"bench-deputy-{pk}", User.Role.DEPUTY, name)
        deputy_rows.append(
            {
                "id": pk,
                "name": name,
                "name_pinyin": f"bench{pk:06d}",
                "name_initials": f"b{pk:06d}",
                "gender": rng.choice("MF"),
                "birth_year": rng.randrange(1958, 1996),
                "party": rng.choice(["cpc", "democratic", "non_party", "masses"]),
                "phone": f"139{pk:08d}",
                "public_token": f"bench-{pk:012d}",
                "user_id": deputy_user[pk],
                "is_active": True,
            }
        )
        mandate_rows.append(
            {
                "id": pk,
                "deputy_id": pk,
                "level": levels[pk % len(levels)],
                "term": "第十八届",
                "constituency": f"第{pk % 97 + 1}选区",
                "started_on": first_day,
            }
        )
        stationing_rows.append({"id": pk, "deputy_id": pk, "station_id": place, "since": first_day})
    station_deputies = {pk: [] for pk in stations}
    for place, present in deputies_at.items():
        station_deputies[home_station[place]].extend(present)

    groups = list(range(1, scale.groups + 1))
    group_rows, member_rows = [], []
    group_of_station = {pk: [] for pk in stations}
    for pk in groups:
        station = stations[(pk - 1) % len(stations)]
        group_of_station[station].append(pk)
        group_rows.append({"id": pk, "name": f"代表小组{pk:04d}", "kind": "area", "station_id": station})
    for station, present in station_deputies.items():
        own = group_of_station[station] or [groups[(station - 1) % len(groups)]]
        for index, deputy in enumerate(present):
            member_rows.append({"deputygroup_id": own[index % len(own)], "deputy_id": deputy})
    for row in group_rows:
        members = station_deputies[row["station_id"]]
        row["leader_id"] = members[0] if members else None

    load(Station, station_rows)
    load(HandlingUnit, unit_rows)
    load(User, users)
    load(User.stations.through, ({"id": n, **row} for n, row in enumerate(officer_stations, 1)))
    load(Deputy, deputy_rows)
    # Each deputy's recipient of the outbox has the deputy's id.
    deputy_type = ContentType.objects.get_for_model(Deputy).pk
    load(
        Recipient,
        (
            {"id": row["id"], "user_id": row["user_id"], "person_type_id": deputy_type, "person_id": row["id"],
             "name": row["name"], "mobile": f"+86{row['phone']}"}
            for row in deputy_rows
        ),
    )  # fmt: skip
    load(Mandate, mandate_rows)
    load(Stationing, stationing_rows)
    load(DeputyGroup, group_rows)
    load(DeputyGroup.members.through, ({"id": n, **row} for n, row in enumerate(member_rows, 1)))
    log(f"  network: {len(station_rows)} places, {len(deputies)} deputies, {len(users)} users")

    # --- Opinions, voters and their timelines ---------------------------------------------------------
    categories = list(Category.objects.order_by("pk").values_list("pk", flat=True))  # seeded by a migration
    if not categories:
        categories = list(range(1, 13))
        load(
            Category,
            (
                {
                    "id": pk,
                    "name": f"类别{pk:02d}",
                    "name_en": f"Category {pk}",
                    "position": pk,
                    "is_active": True,
                }
                for pk in categories
            ),
        )
    channels = [value for value, _label in Channel.choices]
    routes = [Route.STATION, Route.STREET_OFFICE, Route.SUGGESTION, Route.HIGHER_LEVEL]
    S = Opinion.Status
    K = OpinionEvent.Kind
    ladder = [  # (status reached, event kind)
        (S.TRIAGED, K.TRIAGED),
        (S.IN_PROGRESS, K.STARTED),
        (S.RESOLVED, K.RESOLVED),
        (S.ANSWERED, K.ANSWERED),
        (S.CLOSED, K.CLOSED),
    ]
    voter_rows, opinion_rows, event_rows = [], [], []
    event_id = 0
    opinion_ids = range(1, scale.opinions + 1)
    opinion_deputy = {}
    closed_here = Counter()  # the busiest category of the first station: the opinions list's filter
    for pk in opinion_ids:
        place = places[rng.randrange(len(places))]
        station = home_station[place]
        received = now - timedelta(days=rng.random() * span, minutes=rng.randrange(600))
        age = (now - received).days
        topic = TOPICS[rng.randrange(len(TOPICS))]
        voter_rows.append(
            {
                "id": pk,
                "station_id": place,
                "name": person(rng),
                "phone": f"137{pk:08d}",
                "community": f"{topic[:2]}社区",
                "consent": True,
            }
        )
        present = deputies_at[place] or station_deputies[station]
        deputy = present[rng.randrange(len(present))] if present and rng.random() < 0.8 else None
        opinion_deputy[pk] = (deputy, timezone.localtime(received).date())
        if rng.random() < 0.02:
            steps, final = 0, S.WITHDRAWN
        else:
            target = 5 if age > 120 else min(5, int(age / 20))
            steps = rng.randrange(max(0, target - 1), target + 1) if target else 0
            final = ladder[steps - 1][0] if steps else S.RECEIVED
        row = {
            "id": pk,
            "tracking_code": tracking_code(pk * 7919 + 104729),
            "channel": channels[pk % len(channels)],
            "station_id": place,
            "deputy_id": deputy,
            "officer_id": officers[station],
            "received_at": received,
            "voter_id": pk,
            "category_id": categories[rng.randrange(len(categories))],
            "content": f"{topic}。第{pk}号意见：群众反映{topic}，希望尽快解决。",
            "location": f"{districts[station % 10]}人民路{pk % 300}号",
            "status": final,
            "content_digest": f"{pk:064x}",
            "created_at": received,
            "updated_at": received,
            "due_on": (received + timedelta(days=30)).date() if steps else None,
        }
        event_id += 1
        event_rows.append(
            {"id": event_id, "opinion_id": pk, "kind": K.RECEIVED, "actor_id": officers[station], "at": received,
             "from_status": "", "to_status": S.RECEIVED}
        )  # fmt: skip
        previous, when = S.RECEIVED, received
        for status, kind in ladder[:steps]:
            when = when + timedelta(days=rng.randrange(1, 6), hours=rng.randrange(8))
            when = min(when, now)
            event_id += 1
            event_rows.append(
                {"id": event_id, "opinion_id": pk, "kind": kind, "actor_id": officers[station], "at": when,
                 "from_status": previous, "to_status": status}
            )  # fmt: skip
            previous = status
            if status == S.TRIAGED:
                row["route"] = routes[pk % len(routes)]
            if status == S.IN_PROGRESS:
                row["handling_unit_id"] = units[pk % len(units)]
            if status == S.RESOLVED:
                row["resolved_at"] = when
                row["reply"] = "已协调相关部门处理。"
            if status == S.ANSWERED:
                row["answered_at"] = when
            if status == S.CLOSED:
                row["closed_at"] = when
        if final == S.WITHDRAWN:
            event_id += 1
            event_rows.append(
                {"id": event_id, "opinion_id": pk, "kind": K.WITHDRAWN, "actor_id": officers[station],
                 "at": received + timedelta(hours=2), "from_status": S.RECEIVED, "to_status": S.WITHDRAWN}
            )  # fmt: skip
            row["closed_at"] = received + timedelta(hours=2)
        row["updated_at"] = when
        opinion_rows.append(row)
        if place == stations[0] and final == S.CLOSED:
            closed_here[row["category_id"]] += 1
        if len(opinion_rows) >= 50_000:
            load(Voter, voter_rows)
            load(Opinion, opinion_rows)
            load(OpinionEvent, event_rows)
            voter_rows, opinion_rows, event_rows = [], [], []
    load(Voter, voter_rows)
    load(Opinion, opinion_rows)
    load(OpinionEvent, event_rows)
    log(f"  opinions: {scale.opinions} with {event_id} events")

    # --- Suggestions: the loop 提 交 办 督 评, some in a second round -------------------------------------
    SS = Suggestion.Status
    SK = SuggestionEvent.Kind
    suggestion_rows, assignment_rows, reply_rows, evaluation_rows, sevent_rows = [], [], [], [], []
    ids = Ids()
    sequence = {}
    second_round_example = None

    def sevent(suggestion, kind, actor, when, round_, before, after):
        (pk,) = ids.take("event")
        sevent_rows.append(
            {"id": pk, "suggestion_id": suggestion, "kind": kind, "actor_id": actor, "at": when,
             "round": round_, "from_status": before, "to_status": after}
        )  # fmt: skip

    for pk in range(1, scale.suggestions + 1):
        deputy = deputies[rng.randrange(len(deputies))]
        author = deputy_user[deputy]
        submitted = now - timedelta(days=rng.random() * span, minutes=rng.randrange(600))
        year = timezone.localtime(submitted).year
        sequence[year] = sequence.get(year, 0) + 1
        age = (now - submitted).days
        topic = TOPICS[rng.randrange(len(TOPICS))]
        row = {
            "id": pk,
            "title": f"关于{topic[:8]}的建议{pk}",
            "content": f"{topic}。建议有关部门统筹研究，第{pk}号。",
            "category": ["urban", "transport", "environment", "education", "health", "social"][pk % 6],
            "lead_deputy_id": deputy,
            "created_by_id": author,
            "year": year,
            "sequence": sequence[year],
            "number": f"{year}{sequence[year]:05d}",
            "round": 1,
            "submitted_at": submitted,
            "created_at": submitted - timedelta(hours=3),
            "updated_at": submitted,
        }
        sevent(pk, SK.CREATED, author, row["created_at"], 1, "", SS.DRAFT)
        sevent(pk, SK.SUBMITTED, author, submitted, 1, SS.DRAFT, SS.SUBMITTED)
        status = SS.SUBMITTED
        if age < 3:
            row["status"] = status
            suggestion_rows.append(row)
            continue
        if rng.random() < 0.03:
            row.update(
                status=SS.REJECTED,
                rejection_reason="不属于本级职权范围。",
                closed_at=submitted + timedelta(days=2),
            )
            sevent(pk, SK.REJECTED, staff, submitted + timedelta(days=2), 1, status, SS.REJECTED)
            suggestion_rows.append(row)
            continue
        registered = submitted + timedelta(days=2)
        row["registered_at"] = registered
        sevent(pk, SK.REGISTERED, staff, registered, 1, status, SS.REGISTERED)
        status = SS.REGISTERED
        if age < 7:
            row["status"] = status
            suggestion_rows.append(row)
            continue
        rounds = 2 if rng.random() < 0.1 and age > 200 else 1
        when = registered + timedelta(days=3)
        for round_ in range(1, rounds + 1):
            unit = units[rng.randrange(len(units))]
            deadline = (when + timedelta(days=90 if round_ == 1 else 30)).date()
            (assignment,) = ids.take("assignment")
            lead = {
                "id": assignment,
                "suggestion_id": pk,
                "round": round_,
                "unit_id": unit,
                "role": Assignment.Role.LEAD,
                "status": Assignment.Status.ACCEPTED,
                "assigned_on": when.date(),
                "deadline": deadline,
                "basis": Assignment.Basis.REPLY if round_ == 1 else Assignment.Basis.SECOND_ROUND,
                "return_by": (when + timedelta(days=5)).date(),
                "accepted_at": when + timedelta(days=1),
                "created_at": when,
            }
            assignment_rows.append(lead)
            if rng.random() < 0.3:
                (co,) = ids.take("assignment")
                assignment_rows.append(
                    {**lead, "id": co, "unit_id": units[(unit + 7) % len(units)], "role": Assignment.Role.CO,
                     "basis": Assignment.Basis.CO_VIEW, "deadline": (when + timedelta(days=30)).date(),
                     "status": Assignment.Status.ANSWERED, "view": "同意主办单位意见。"}
                )  # fmt: skip
            row.update(round=round_, lead_unit_id=unit, due_on=deadline, assigned_at=when)
            sevent(pk, SK.ASSIGNED, staff, when, round_, status, SS.ASSIGNED)
            status = SS.ASSIGNED
            replied = when + timedelta(days=rng.randrange(20, 80))
            if replied > now - timedelta(days=2):
                break  # still being handled (overdue when the deadline has passed)
            (reply,) = ids.take("reply")
            result = rng.choice("AABBCD")
            reply_rows.append(
                {"id": reply, "suggestion_id": pk, "round": round_, "unit_id": unit, "result_class": result,
                 "text": "经研究，答复如下：已列入年度计划。", "replied_by_id": unit_users[unit], "created_at": replied,
                 "follow_up_on": (replied + timedelta(days=180)).date() if result == "B" else None,
                 "reason": "受条件限制暂难解决。" if result == "C" else ""}
            )  # fmt: skip
            lead.update(status=Assignment.Status.ANSWERED, answered_at=replied)
            row.update(replied_at=replied, result_class=result)
            sevent(pk, SK.REPLIED, unit_users[unit], replied, round_, status, SS.REPLIED)
            status = SS.REPLIED
            evaluated = replied + timedelta(days=rng.randrange(3, 20))
            if evaluated > now:
                break
            second = round_ < rounds
            rating = (
                Suggestion.Rating.UNSATISFIED
                if second
                else rng.choice(["satisfied", "satisfied", "basically"])
            )
            (evaluation,) = ids.take("evaluation")
            evaluation_rows.append(
                {"id": evaluation, "suggestion_id": pk, "round": round_, "reply_id": reply, "rating": rating,
                 "comment": "", "recorded_by_id": author, "created_at": evaluated}
            )  # fmt: skip
            row.update(rating=rating, evaluated_at=evaluated)
            sevent(pk, SK.EVALUATED, author, evaluated, round_, status, SS.REPLIED)
            if second:
                sevent(pk, SK.REASSIGN_DUE, staff, evaluated, round_, SS.REPLIED, SS.REGISTERED)
                status = SS.REGISTERED
                when = evaluated + timedelta(days=3)
                second_round_example = second_round_example or pk
                continue
            row["closed_at"] = evaluated
            sevent(pk, SK.CLOSED, staff, evaluated, round_, SS.REPLIED, SS.CLOSED)
            status = SS.CLOSED
        row["status"] = status
        suggestion_rows.append(row)
    load(Suggestion, suggestion_rows)
    load(Assignment, assignment_rows)
    load(Reply, reply_rows)
    load(Evaluation, evaluation_rows)
    load(SuggestionEvent, sevent_rows)
    with connection.cursor() as cursor:
        for year, last in sequence.items():
            cursor.execute("INSERT INTO suggestions_numbercounter (year, last) VALUES (%s, %s)", [year, last])
    log(f"  suggestions: {scale.suggestions}, {len(assignment_rows)} assignments, {len(reply_rows)} replies")

    # --- Activities with attendance, visits, and the reminders the coming activities imply ------------
    AK = Activity.Kind
    activity_type = ContentType.objects.get_for_model(Activity).pk
    kinds = [AK.RECEPTION, AK.RECEPTION, AK.GROUP, AK.RESEARCH, AK.TRAINING, AK.REPORT, AK.DISCUSSION]
    activity_rows, invitation_rows, notification_rows, delivery_rows, duty_rows = [], [], [], [], []
    invitation_id = notification_id = duty_id = 0
    horizon = span + 60  # two months ahead are planned and published
    for pk in range(1, scale.activities + 1):
        station = stations[rng.randrange(len(stations))]
        day = first_day + timedelta(days=rng.randrange(horizon))
        starts = at(day, rng.choice([9, 10, 14, 15]))
        done = starts < now
        kind = kinds[pk % len(kinds)]
        activity_rows.append(
            {
                "id": pk,
                "kind": kind,
                "title": f"{dict(AK.choices)[kind]} {day:%m-%d}",
                "station_id": station,
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=2),
                "place": "联络站活动室",
                "organiser_id": officers[station],
                "status": Activity.Status.DONE if done else Activity.Status.PUBLISHED,
                "published_at": starts - timedelta(days=7),
                "attendance_at": starts + timedelta(hours=3) if done else None,
                "created_at": starts - timedelta(days=10),
                "updated_at": starts - timedelta(days=7),
            }
        )
        present = station_deputies[station]
        invited = rng.sample(present, min(scale.invitations_per_activity, len(present)))
        for deputy in invited:
            invitation_id += 1
            roll = rng.random()
            if done:
                reply, attendance = (
                    ("leave", "leave")
                    if roll < 0.1
                    else ("confirmed", "absent" if roll < 0.15 else "present")
                )
            else:
                reply, attendance = ("confirmed" if roll < 0.5 else "waiting"), ""
            invitation_rows.append(
                {"id": invitation_id, "activity_id": pk, "deputy_id": deputy, "reply": reply, "attendance": attendance,
                 "replied_at": starts - timedelta(days=3) if reply != "waiting" else None}
            )  # fmt: skip
            if attendance in ("present", "absent"):
                duty_id += 1
                duty_kind = {
                    AK.GROUP: DutyKind.GROUP_ACTIVITY, AK.RECEPTION: DutyKind.RECEPTION_DAY, AK.RESEARCH: DutyKind.RESEARCH,
                    AK.TRAINING: DutyKind.TRAINING, AK.REPORT: DutyKind.REPORT_TO_VOTERS,
                }.get(kind, DutyKind.OTHER_ACTIVITY) if attendance == "present" else DutyKind.ABSENCE  # fmt: skip
                duty_rows.append(
                    {"id": duty_id, "deputy_id": deputy, "date": day, "kind": duty_kind, "title": "活动",
                     "source": DutyRecord.Source.ATTENDANCE, "source_id": invitation_id,
                     "source_key": f"attendance:{invitation_id}:{deputy}", "status": DutyRecord.Status.APPROVED}
                )  # fmt: skip
            if not done:
                notification_id += 1
                due = starts - timedelta(days=1)
                notification_rows.append(
                    {"id": notification_id, "recipient_id": deputy, "kind": "activity_upcoming",
                     "subject": f"明天：{activity_rows[-1]['title']}", "url": f"/activities/{pk}/", "due_at": due,
                     "dedupe_key": f"activity:{pk}:upcoming:1:r{deputy}", "about_type_id": activity_type,
                     "about_id": pk}
                )  # fmt: skip
                for channel, address in (
                    (Delivery.Channel.INBOX, ""),
                    (Delivery.Channel.SMS, f"+86139{deputy:08d}"),
                ):
                    delivery_rows.append(
                        {"id": len(delivery_rows) + 1, "notification_id": notification_id, "channel": channel,
                         "address": address, "status": Delivery.Status.PENDING, "due_at": due}
                    )  # fmt: skip
        if len(invitation_rows) >= 100_000:
            load(Activity, activity_rows)
            load(Invitation, invitation_rows)
            activity_rows, invitation_rows = [], []
    load(Activity, activity_rows)
    load(Invitation, invitation_rows)
    load(Notification, notification_rows)
    load(Delivery, delivery_rows)
    log(f"  activities: {scale.activities} with {invitation_id} invitations, {notification_id} reminders")

    visit_rows, visit_deputy_rows = [], []
    visit_kinds = [Visit.Kind.RECEPTION, Visit.Kind.VISIT, Visit.Kind.RETURN, Visit.Kind.APPOINTMENT]
    for pk in range(1, scale.visits + 1):
        place = places[rng.randrange(len(places))]
        station = home_station[place]
        day = day_in_history()
        voters_met = rng.randrange(1, 12)
        visit_rows.append(
            {"id": pk, "kind": visit_kinds[pk % 4], "date": day, "place": "联络站", "station_id": place,
             "officer_id": officers[station], "voters_met": voters_met, "summary": "听取群众意见。",
             "created_by_id": officers[station], "created_at": at(day, 17), "updated_at": at(day, 17)}
        )  # fmt: skip
        present = deputies_at[place] or station_deputies[station]
        for deputy in rng.sample(present, min(len(present), rng.choice([1, 1, 2]))):
            (link,) = ids.take("visit_deputy")
            visit_deputy_rows.append({"id": link, "visit_id": pk, "deputy_id": deputy})
            duty_id += 1
            duty_rows.append(
                {"id": duty_id, "deputy_id": deputy, "date": day,
                 "kind": DutyKind.VOTER_VISIT if pk % 4 == 1 else DutyKind.VOTER_RECEPTION, "title": "接待选民",
                 "voters_met": voters_met, "source": DutyRecord.Source.VISIT, "source_id": pk,
                 "source_key": f"visit:{pk}:{deputy}", "status": DutyRecord.Status.APPROVED}
            )  # fmt: skip
        if len(visit_rows) >= 50_000:
            load(Visit, visit_rows)
            load(Visit.deputies.through, visit_deputy_rows)
            visit_rows, visit_deputy_rows = [], []
    load(Visit, visit_rows)
    load(Visit.deputies.through, visit_deputy_rows)
    for opinion, (deputy, day) in opinion_deputy.items():
        if deputy is not None:
            duty_id += 1
            duty_rows.append(
                {"id": duty_id, "deputy_id": deputy, "date": day, "kind": DutyKind.OPINION, "title": "选民意见",
                 "source": DutyRecord.Source.OPINION, "source_id": opinion,
                 "source_key": f"opinion:{opinion}:{deputy}", "status": DutyRecord.Status.APPROVED}
            )  # fmt: skip
    load(DutyRecord, duty_rows)
    log(f"  visits: {scale.visits}; duty records: {duty_id}")

    reset_sequences(
        [Station, HandlingUnit, User, User.stations.through, Deputy, Mandate, Stationing, DeputyGroup,
         DeputyGroup.members.through, Recipient, Category, Voter, Opinion, OpinionEvent, Suggestion, Assignment, Reply,
         Evaluation, SuggestionEvent, Activity, Invitation, Notification, Delivery, Visit, Visit.deputies.through,
         DutyRecord]
    )  # fmt: skip

    # Typical things to open: the busiest station, the unit with most assignments, a second-round case.
    built.station_id = stations[0]
    built.unit_id = units[0]
    built.suggestion_id = second_round_example or 1
    built.category_id = closed_here.most_common(1)[0][0] if closed_here else categories[0]
    # A deputy with cases of their own: the lead deputy of the second-round suggestion.
    typical_deputy = next(
        row["lead_deputy_id"] for row in suggestion_rows if row["id"] == built.suggestion_id
    )
    built.logins = {
        "staff": "bench-staff",
        "officer": f"bench-officer-{stations[0]}",
        "deputy": f"bench-deputy-{typical_deputy}",
        "unit": f"bench-unit-{units[0]}",
    }
    return built
