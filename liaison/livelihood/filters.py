import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from liaison.core.filters import StyledFilterSet
from liaison.livelihood.models import Project
from liaison.livelihood.selectors import projects_visible_to
from liaison.models import Jurisdiction


class ProjectFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Project.Status.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Project.Source.choices)
    # Only the levels the user has projects at: no other street's name in the select.
    jurisdiction = django_filters.ModelChoiceFilter(
        label=_("Jurisdiction"),
        queryset=lambda request: Jurisdiction.objects.filter(
            pk__in=projects_visible_to(request.user).values("jurisdiction")
        ),
    )

    class Meta:
        model = Project
        fields = ["q", "year", "status", "source", "jurisdiction"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        return queryset.filter(
            Q(title__contains=value) | Q(description__contains=value) | Q(unit__name__contains=value)
        )
