import factory
from django.utils import timezone

from tests.liaison.factories import StationFactory
from voters.models import Category, Channel, Opinion, OpinionEvent, Voter
from voters.services.intake import content_digest


class VoterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voter

    station = factory.SubFactory(StationFactory)
    name = "张三明"
    phone = factory.Sequence(lambda n: f"+86139{n:08d}")
    community = "桂花社区"
    address = "桂花路12号3栋"
    consent = True


class OpinionFactory(factory.django.DjangoModelFactory):
    """An opinion as received, with its RECEIVED event (what opinion_create writes)."""

    class Meta:
        model = Opinion
        skip_postgeneration_save = True

    station = factory.SubFactory(StationFactory)
    channel = Channel.RECEPTION
    content = factory.Sequence(lambda n: f"第{n}号意见：小区门口路灯坏了很久，晚上出行不安全，希望尽快修复。")
    received_at = factory.LazyFunction(timezone.now)
    category = factory.LazyFunction(lambda: Category.objects.order_by("position").first())
    due_on = factory.LazyAttribute(lambda o: timezone.localdate() + timezone.timedelta(days=15))
    content_digest = factory.LazyAttribute(lambda o: content_digest(o.station, o.content))

    @factory.post_generation
    def received(self, create, extracted, **kwargs):
        if create:
            OpinionEvent.objects.create(
                opinion=self, kind=OpinionEvent.Kind.RECEIVED, to_status=self.status, at=self.received_at
            )
