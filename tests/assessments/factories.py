from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from assessments.models import DutyKind, DutyRecord
from liaison.activities.models import Activity, Invitation, Visit


def at(day, hour=9):
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.GROUP
    title = factory.Sequence(lambda n: f"第{n}次小组活动")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "联络站议事厅"
    status = Activity.Status.DONE
    organiser = factory.SubFactory("tests.liaison.factories.UserFactory")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    activity = factory.SubFactory(ActivityFactory)
    deputy = factory.SubFactory("tests.deputies.factories.DeputyFactory")
    attendance = Invitation.Attendance.PRESENT


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    kind = Visit.Kind.RECEPTION
    date = factory.LazyFunction(timezone.localdate)
    place = "接待室"
    voters_met = 3
    station = factory.SubFactory("tests.liaison.factories.StationFactory")

    @factory.post_generation
    def deputies(self, create, extracted, **kwargs):
        if create and extracted:
            self.deputies.set(extracted)


class ManualRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DutyRecord

    deputy = factory.SubFactory("tests.deputies.factories.DeputyFactory")
    date = factory.LazyFunction(timezone.localdate)
    kind = DutyKind.SPEECH
    title = "在区人代会上发言"
    source = DutyRecord.Source.MANUAL
    status = DutyRecord.Status.APPROVED


def record(deputy, kind, day, *, quantity=1, voters_met=0, points=None, status=DutyRecord.Status.APPROVED):
    """A hand-built record, as the rule engine tests want them."""
    return ManualRecordFactory(
        deputy=deputy,
        kind=kind,
        date=day,
        quantity=quantity,
        voters_met=voters_met,
        points=points,
        status=status,
    )


def opinion(station, deputy, when, **fields):
    from voters.models import Channel, Opinion

    values = {"channel": Channel.RECEPTION, "content": "路灯坏了", "content_digest": "x", **fields}
    return Opinion.objects.create(station=station, deputy=deputy, received_at=when, **values)


_numbers = iter(range(1, 100000))


def suggestion(lead, author, when, *, joint=(), **fields):
    from suggestions.models import Suggestion

    sequence = next(_numbers)
    values = {
        "title": "关于增设公交站点的建议",
        "content": "建议增设公交站点。",
        "status": Suggestion.Status.REGISTERED,
        "year": when.year,
        "sequence": sequence,
        "number": f"{when.year}-{sequence:03d}",
        **fields,
    }
    created = Suggestion.objects.create(lead_deputy=lead, created_by=author, submitted_at=when, **values)
    created.joint_deputies.set(joint)
    return created


def evaluation(item, unit, author, when, rating="satisfied"):
    from suggestions.models import Evaluation, Reply

    reply = Reply.objects.create(
        suggestion=item,
        round=1,
        unit=unit,
        result_class="A",
        text="已解决",
        replied_by=author,
        created_at=when,
    )
    return Evaluation.objects.create(
        suggestion=item, round=1, reply=reply, rating=rating, recorded_by=author, created_at=when
    )
