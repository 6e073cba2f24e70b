import factory

from deputies.models import Deputy, DeputyGroup, Level, Mandate


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    name = factory.Iterator(["张伟", "王芳", "李娜", "刘强", "陈静", "杨磊", "赵敏", "黄丽"])
    gender = Deputy.Gender.FEMALE
    birth_year = 1975
    phone = factory.Sequence(lambda n: f"+86138{n:08d}")


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    deputy = factory.SubFactory(DeputyFactory)
    level = Level.COUNTY
    term = "第十八届"


class DeputyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeputyGroup

    name = factory.Sequence(lambda n: f"第{n}代表小组")
    kind = DeputyGroup.Kind.AREA
