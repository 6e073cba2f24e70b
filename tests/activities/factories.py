from datetime import timedelta

import factory
from django.utils import timezone

from liaison.activities.models import Activity, Appointment, Invitation, Visit, VoterReport
from liaison.activities.notices import notice_create, notice_send


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.TRAINING
    title = factory.Sequence(lambda n: f"第{n}次代表培训")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    place = "联络站议事厅"
    organiser = factory.SubFactory("tests.liaison.factories.UserFactory")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    activity = factory.SubFactory(ActivityFactory)
    deputy = factory.SubFactory("tests.deputies.factories.DeputyFactory")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    kind = Visit.Kind.RECEPTION
    date = factory.LazyFunction(timezone.localdate)
    place = "接待室"
    voters_met = 3
    summary = "群众反映小区停车难。"


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    voter_name = "赵大爷"
    voter_phone = "+8613700001111"
    topic = "老旧小区加装电梯"


def sent_notice(
    *, author, station, title="关于征集闭会期间代表建议的通知", body="请于月底前提交建议。", **fields
):
    """A notice written and sent through the real services (the deputies of `station` receive it)."""
    notice = notice_create(actor=author, station=station, title=title, body=body, **fields)
    return notice_send(notice=notice)


def report_meeting(*, station, organiser, deputies, started=timedelta(hours=1), published=True, **fields):
    """A report-to-voters meeting that began `started` ago, with each of `deputies` invited and reporting."""
    starts_at = timezone.now() - started
    meeting = ActivityFactory(
        kind=Activity.Kind.REPORT,
        title=fields.pop("title", "代表向选民述职会"),
        station=station,
        organiser=organiser,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        status=Activity.Status.PUBLISHED if published else Activity.Status.PLANNED,
        published_at=timezone.now() - started - timedelta(days=7) if published else None,
        **fields,
    )
    for deputy in deputies:
        Invitation.objects.create(activity=meeting, deputy=deputy)
        VoterReport.objects.create(
            activity=meeting, deputy=deputy, text=f"{deputy.name}的述职报告：本年度履职情况。"
        )
    return meeting
