from datetime import timedelta

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.models import Level
from liaison.core.filters import PickOrSearchFilter, StyledFilterSet
from liaison.core.periods import day_bounds
from liaison.core.phones import normalise_phone
from liaison.selectors import station_ids_visible_to, stations_visible_to
from voters.models import Category, Channel, Opinion, Route, Voter
from voters.search import search_opinions

# A search over more stations than this reads the text's bigram index (OpinionFilter.search).
FEW_STATIONS = 50


class OpinionFilter(StyledFilterSet):
    PERIODS = [
        ("today", _("Today")),
        ("month", _("This month")),
        ("open", _("Open, oldest first")),
        ("overdue", _("Overdue")),
    ]

    period = django_filters.ChoiceFilter(
        label=_("Show"), choices=PERIODS, method="by_period", empty_label=_("All")
    )
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Opinion.Status.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    category = django_filters.ModelChoiceFilter(
        label=_("Category"), queryset=Category.objects.all(), null_label=_("Not categorised")
    )
    route = django_filters.ChoiceFilter(label=_("Route"), choices=Route.choices)
    suggested_level = django_filters.ChoiceFilter(label=_("Suggested level"), choices=Level.choices)
    station = PickOrSearchFilter(
        label=_("Station"), queryset=lambda request: stations_visible_to(request.user)
    )
    received_from = django_filters.DateFilter(
        label=_("Received from"),
        method="from_date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"),
        method="to_date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Opinion
        fields = [
            "period",
            "q",
            "status",
            "channel",
            "category",
            "route",
            "suggested_level",
            "station",
            "received_from",
            "received_to",
        ]

    def search(self, queryset, name, value):
        """By tracking code, text, location or the voter's name; by phone only for those who see phones."""
        user = self.request.user
        # The text's bigram index pays for staff who see many stations; an officer's few stations and a
        # deputy's own opinions are read by their own index (voters.search).
        many = user.is_committee_staff and (
            user.sees_everything or len(station_ids_visible_to(user)) > FEW_STATIONS
        )
        return search_opinions(
            queryset, value, by_phone=user.is_committee_staff or user.is_officer, by_index=many
        )

    def by_period(self, queryset, name, value):
        today = timezone.localdate()
        if value == "today":
            start, end = day_bounds(today, today)
            return queryset.filter(received_at__gte=start, received_at__lt=end)
        if value == "month":
            start, _end = day_bounds(today.replace(day=1), today)
            return queryset.filter(received_at__gte=start)
        if value == "open":
            return queryset.filter(status__in=Opinion.OPEN_STATUSES).order_by("received_at", "pk")
        if value == "overdue":
            return queryset.filter(status__in=Opinion.OPEN_STATUSES, due_on__lt=today).order_by(
                "due_on", "pk"
            )
        return queryset

    def from_date(self, queryset, name, value):
        return queryset.filter(received_at__gte=day_bounds(value, value)[0])

    def to_date(self, queryset, name, value):
        return queryset.filter(received_at__lt=day_bounds(value, value)[0] + timedelta(days=1))


class VoterFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("Name, phone or community"), method="search")

    class Meta:
        model = Voter
        fields = ["q"]

    def search(self, queryset, name, value):
        value = value.strip()
        condition = Q(name__contains=value) | Q(community__contains=value)
        try:
            phone = normalise_phone(value)
        except ValidationError:
            phone = ""
        if phone:
            condition |= Q(phone=phone)
        return queryset.filter(condition)
