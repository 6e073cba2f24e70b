"""The benchmark's network (bench/generate.py): stations and their contact points, officers and staff,
handling units and their users, deputies with their mandates, stationings and groups."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType

from bench.rows import person
from deputies.models import Deputy, DeputyGroup, Level, Mandate
from liaison.models import HandlingUnit, Station, Stationing, User
from liaison.notifications.models import Recipient

PASSWORD = "bench-liaison-2026"


@dataclass
class Network:
    """The places and people the other parts refer to, by primary key."""

    districts: list
    stations: list  # liaison stations
    places: list  # stations and their contact points: where deputies sit and opinions arrive
    home_station: dict  # place: its liaison station
    staff: int  # the committee staff's user
    officers: dict  # station: its officer's user
    units: list
    unit_users: dict  # unit: its user
    deputies: list
    deputy_user: dict  # deputy: their user
    deputies_at: dict  # place: the deputies stationed there
    station_deputies: dict  # station: the deputies at it or at its points


def network(run):
    scale, rng, now, first_day, load, log = run.scale, run.rng, run.now, run.first_day, run.load, run.log
    password = make_password(PASSWORD)
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
    return Network(
        districts=districts,
        stations=stations,
        places=places,
        home_station=home_station,
        staff=staff,
        officers=officers,
        units=units,
        unit_users=unit_users,
        deputies=deputies,
        deputy_user=deputy_user,
        deputies_at=deputies_at,
        station_deputies=station_deputies,
    )
