import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from deputies.selectors import deputies_visible_to
from liaison.core.filters import PickOrSearchFilter, StyledFilterSet
from liaison.models import HandlingUnit
from suggestions.models import Assignment, Category, Reply, Suggestion
from suggestions.rates import overdue_q, submitted_between
from suggestions.selectors import due_soon_q, shared_search_q, suggestions_in_stage


class SuggestionFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Suggestion.Status.choices)
    unit = PickOrSearchFilter(label=_("Unit"), queryset=HandlingUnit.objects.all(), method="by_unit")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    deputy = PickOrSearchFilter(
        label=_("Deputy"),
        queryset=lambda request: deputies_visible_to(request.user),
        search=("name__contains", "name_pinyin__startswith", "name_initials__startswith"),
        method="by_deputy",
    )
    round = django_filters.ChoiceFilter(
        label=_("Round"), choices=[(1, _("First round")), (2, _("Second round"))], method="by_round"
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Suggestion.Kind.choices)
    is_key = django_filters.ChoiceFilter(
        label=_("Key suggestion"),
        choices=[("true", pgettext_lazy("key suggestion", "Key")), ("false", _("Not key"))],
        method="by_key",
    )
    due = django_filters.ChoiceFilter(
        label=_("Deadline"), choices=[("overdue", _("Overdue")), ("soon", _("Due soon"))], method="by_due"
    )
    # The dashboard's links: the lead unit of the latest round, the steps counted by the rates, the date received.
    lead_unit = django_filters.ModelChoiceFilter(label=_("Lead unit"), queryset=HandlingUnit.objects.all())
    stage = django_filters.ChoiceFilter(
        label=_("Reached"),
        choices=[
            ("received", _("Received")),
            ("registered", _("Registered")),
            ("assigned", _("Assigned")),
            ("replied", _("Replied")),
            ("completed", _("Completed")),
            ("evaluated", _("Evaluated")),
            ("satisfied", _("Satisfied")),
            ("basically", _("Basically satisfied")),
        ],
        method="by_stage",
    )
    submitted_from = django_filters.DateFilter(
        label=_("Submitted from"),
        method="by_submitted_from",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    submitted_to = django_filters.DateFilter(
        label=_("Submitted until"),
        method="by_submitted_to",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Suggestion
        fields = [
            "q",
            "status",
            "unit",
            "category",
            "deputy",
            "round",
            "kind",
            "is_key",
            "due",
            "lead_unit",
            "stage",
            "submitted_from",
            "submitted_to",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__contains=value)
            | Q(title__contains=value)
            | Q(content__contains=value)
            | Q(lead_deputy__name__contains=value)
        )

    def by_key(self, queryset, name, value):
        return queryset.filter(is_key=value == "true")

    def by_unit(self, queryset, name, value):
        assigned = Assignment.objects.filter(
            suggestion=OuterRef("pk"), unit__in=self.filters["unit"].matching(value).values("pk")
        ).exclude(status=Assignment.Status.WITHDRAWN)
        return queryset.filter(Exists(assigned))

    def by_deputy(self, queryset, name, value):
        deputies = self.filters["deputy"].matching(value).values("pk")
        joint = Suggestion.joint_deputies.through.objects.filter(
            suggestion=OuterRef("pk"), deputy__in=deputies
        )
        return queryset.filter(Q(lead_deputy__in=deputies) | Q(Exists(joint)))

    def by_round(self, queryset, name, value):
        return queryset.filter(round=1) if str(value) == "1" else queryset.filter(round__gte=2)

    def by_due(self, queryset, name, value):
        return queryset.filter(overdue_q() if value == "overdue" else due_soon_q())

    def by_stage(self, queryset, name, value):
        return suggestions_in_stage(queryset, value)

    # The same bounds as the rates (suggestions.rates.received): the local date of submission.
    def by_submitted_from(self, queryset, name, value):
        return queryset.filter(submitted_between(start=value))

    def by_submitted_to(self, queryset, name, value):
        return queryset.filter(submitted_between(end=value))


def _recent_years():
    this_year = timezone.localdate().year
    return [(year, str(year)) for year in range(this_year, this_year - 10, -1)]


class SharedSuggestionFilter(StyledFilterSet):
    """The shared list of completed suggestions (suggestions.selectors.shared_suggestions): searched by
    what a reply teaches, never by person."""

    q = django_filters.CharFilter(label=_("Search the title or the reply"), method="search")
    category = django_filters.ChoiceFilter(label=_("Category"), choices=Category.choices)
    unit = PickOrSearchFilter(label=_("Unit"), queryset=HandlingUnit.objects.all(), field_name="lead_unit")
    year = django_filters.TypedChoiceFilter(label=_("Year"), choices=_recent_years, coerce=int)
    result_class = django_filters.ChoiceFilter(label=_("Result class"), choices=Reply.ResultClass.choices)

    class Meta:
        model = Suggestion
        fields = ["q", "category", "unit", "year", "result_class"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(shared_search_q(value)) if value else queryset
