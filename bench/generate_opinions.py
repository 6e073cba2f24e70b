"""The benchmark's opinions (bench/generate.py): voters, their opinions, each status reached through the
steps the services take, with its timeline event."""

from collections import Counter
from datetime import timedelta

from django.utils import timezone

from bench.rows import TOPICS, person
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


def tracking_code(number):
    base = len(TRACKING_ALPHABET)
    chars = []
    for _ in range(TRACKING_LENGTH):
        number, digit = divmod(number, base)
        chars.append(TRACKING_ALPHABET[digit])
    return "".join(reversed(chars))


def opinions(run, net):
    """Returns each opinion's receiving deputy and day (for their duty records) and the busiest category of
    the first station's closed opinions (the opinions list's filter in the measurements)."""
    scale, rng, now, span, load, log = run.scale, run.rng, run.now, run.span, run.load, run.log
    districts, stations, places, home_station = net.districts, net.stations, net.places, net.home_station
    officers, units = net.officers, net.units
    deputies_at, station_deputies = net.deputies_at, net.station_deputies
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
    return opinion_deputy, closed_here.most_common(1)[0][0] if closed_here else categories[0]
