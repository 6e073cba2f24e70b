import django_filters
from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from liaison.accounts.selectors import security_events_visible_to
from liaison.core.access import is_committee_staff, role_required
from liaison.core.filters import StyledFilterSet
from liaison.core.pagination import paginate
from liaison.security import SecurityEvent


class SecurityEventFilter(StyledFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Event"), choices=SecurityEvent.Kind.choices)
    username = django_filters.CharFilter(label=_("Username"), lookup_expr="icontains")
    target = django_filters.CharFilter(label=_("Record"), lookup_expr="icontains")
    since = django_filters.DateFilter(
        label=_("From"),
        field_name="at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = django_filters.DateFilter(
        label=_("Until"),
        field_name="at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = SecurityEvent
        fields = ["kind", "username", "target", "since", "until"]


@role_required(is_committee_staff)
def security_log(request):
    events = SecurityEventFilter(request.GET, queryset=security_events_visible_to(request.user))
    return render(
        request, "liaison/security_log.html", {"filter": events, "page": paginate(request, events.qs)}
    )
