"""The benchmark's activities (bench/generate.py): activities with invitations and attendance, the
reminders the coming ones imply, the visits log, and the duty records that attendance, visits and
opinions leave."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from assessments.models import DutyKind, DutyRecord
from bench.rows import Ids, at
from liaison.activities.models import Activity, Invitation, Visit
from liaison.notifications.models import Delivery, Notification


def activities(run, net, opinion_deputy):
    """opinion_deputy: each opinion's receiving deputy and day (bench/generate_opinions.py)."""
    scale, rng, now, load, log = run.scale, run.rng, run.now, run.load, run.log
    first_day, span, day_in_history = run.first_day, run.span, run.day_in_history
    stations, places, home_station, officers = net.stations, net.places, net.home_station, net.officers
    deputies_at, station_deputies = net.deputies_at, net.station_deputies
    ids = Ids()
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
