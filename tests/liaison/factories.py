import factory

from liaison.models import Jurisdiction, Station, Stationing, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    role = User.Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", "test-password-123")

    @factory.post_generation
    def stations(self, create, extracted, **kwargs):
        if create and extracted:
            self.stations.set(extracted)
        if create:
            self.save()


class JurisdictionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jurisdiction

    name = factory.Sequence(lambda n: f"第{n}区")
    level = Jurisdiction.Level.DISTRICT


class StreetFactory(JurisdictionFactory):
    name = factory.Sequence(lambda n: f"第{n}街道")
    level = Jurisdiction.Level.STREET
    parent = factory.SubFactory(JurisdictionFactory)


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station

    name = factory.Sequence(lambda n: f"第{n}联络站")
    kind = Station.Kind.STATION
    address = "东湖路1号"


class PointFactory(StationFactory):
    name = factory.Sequence(lambda n: f"第{n}联络点")
    kind = Station.Kind.POINT
    parent = factory.SubFactory(StationFactory)


class StationingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stationing

    deputy = factory.SubFactory("tests.deputies.factories.DeputyFactory")
    station = factory.SubFactory(StationFactory)
    since = factory.Faker("date_between", start_date="-3y", end_date="-1y")
