import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from deputies.models import Deputy, Level, Mandate
from deputies.selectors import groups_visible_to, sectors_in_use
from liaison.core.filters import StyledFilterSet
from liaison.models import Stationing
from liaison.selectors import stations_visible_to


class RosterFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices, method="by_level")
    group = django_filters.ModelChoiceFilter(
        label=_("Deputy group"),
        queryset=lambda request: groups_visible_to(request.user),
        field_name="deputy_groups",
    )
    station = django_filters.ModelChoiceFilter(
        label=_("Station"), queryset=lambda request: stations_visible_to(request.user), method="by_station"
    )
    sector = django_filters.ChoiceFilter(label=_("Sector"), choices=[])
    is_active = django_filters.ChoiceFilter(
        label=_("Serving"),
        choices=[("true", _("Serving")), ("false", _("Left"))],
        empty_label=_("All"),
        method="by_serving",
    )

    class Meta:
        model = Deputy
        fields = ["q", "level", "group", "station", "sector", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On the form's field: StyledFilterSet has built the form already, so the filter's `extra` came too
        # late and the select offered no sector.
        self.form.fields["sector"].choices = [
            (sector, sector) for sector in sectors_in_use(self.request.user)
        ]

    def search(self, queryset, name, value):
        """By name, full pinyin or pinyin initials: 张三, zhang, zs."""
        value = value.strip()
        key = value.lower().replace(" ", "")
        return queryset.filter(
            Q(name__contains=value)
            | Q(name_initials__startswith=key)
            | Q(name_pinyin__startswith=value.lower())
        )

    def by_serving(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")

    def by_level(self, queryset, name, value):
        return queryset.filter(Exists(Mandate.objects.filter(deputy=OuterRef("pk"), level=value)))

    def by_station(self, queryset, name, value):
        current = Stationing.objects.filter(deputy=OuterRef("pk"), station=value, until__isnull=True)
        return queryset.filter(Exists(current))
