"""Reads of voters and opinions, with each user's scope built in, and the masking of personal data."""

from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy, Level
from deputies.selectors import deputies_visible_to
from liaison.accounts.selectors import users_visible_to
from liaison.activities.models import Activity, ReceptionGuest, Visit
from liaison.activities.services import stationed_deputies
from liaison.core.periods import day_bounds
from liaison.core.phones import mask_name, mask_phone, national_phone
from liaison.models import HandlingUnit
from liaison.selectors import station_ids_visible_to, stations_visible_to, units_visible_to
from voters.models import (
    HIGHER_LEVELS,
    Category,
    Opinion,
    OpinionEvent,
    PersonalDataExport,
    ReturnVisit,
    Voter,
)


def opinions_visible_to(user):
    """Staff see the opinions of the stations under their jurisdiction (all of them for staff of the whole
    deployment); an officer those of their stations and points; a deputy those they received."""
    opinions = Opinion.objects.all()
    if user.sees_everything:
        return opinions
    if user.is_committee_staff or user.is_officer:
        return opinions.filter(station__in=station_ids_visible_to(user))
    if user.is_deputy and hasattr(user, "deputy"):
        return opinions.filter(deputy=user.deputy)
    return opinions.none()


def opinions_managed_by(user):
    """Opinions a user may triage, answer, merge or withdraw: staff and officers those they see."""
    if user.is_committee_staff or user.is_officer:
        return opinions_visible_to(user)
    return Opinion.objects.none()


def triage_units(user):
    """The units a triage may refer an opinion to: staff those of their levels (a street's staff do not pick
    another street's office); officers, who keep no list of units, every active one, as before."""
    if user.is_committee_staff:
        return units_visible_to(user).filter(is_active=True)
    return HandlingUnit.objects.filter(is_active=True)


def opinion_rows(queryset):
    return queryset.select_related(
        "station", "category", "deputy", "voter", "officer", "forwarded_to_deputy", "reception_guest"
    )


def triage_choices(user, opinion):
    """What the triage form offers for `opinion` (voters.forms.TriageForm's choices): the deputies who may
    raise a suggestion, the units, the station's deputies who may mediate, the deputies of a higher level
    the opinion may be forwarded to, and the guests of the joint reception day it was taken at."""
    deputies = deputies_visible_to(user).filter(is_active=True)
    higher = Q(mandates__level__in=HIGHER_LEVELS, mandates__ended_on__isnull=True)
    return {
        "deputies": deputies,
        "units": triage_units(user),
        "mediators": stationed_deputies(opinion.station),
        "forward_deputies": deputies.filter(higher).distinct(),
        "guests": guests_of_opinion_day(opinion),
    }


def guests_of_opinion_day(opinion):
    """The guests of the joint reception day an opinion was taken at (seed 004): the day its visit was logged
    for, or the station's reception day on the day it was received."""
    day = timezone.localdate(opinion.received_at)
    start, end = day_bounds(day, day)
    days = Activity.objects.filter(
        kind=Activity.Kind.RECEPTION, station=opinion.station_id, starts_at__gte=start, starts_at__lt=end
    )
    held = Q(activity__in=days.values("pk"))
    if opinion.visit_id:
        held |= Q(activity__in=Visit.objects.filter(pk=opinion.visit_id).values("activity"))
    return (
        ReceptionGuest.objects.filter(held)
        .exclude(activity__status=Activity.Status.CANCELLED)
        .select_related("activity")
        .order_by("activity__starts_at", "pk")
    )


def opinion_get(user, pk):
    events = OpinionEvent.objects.select_related("actor").order_by("at", "pk")
    visits = ReturnVisit.objects.select_related("voter", "visited_by", "deputy").order_by("visited_at", "pk")
    merged = Opinion.objects.select_related("voter", "station").order_by("pk")
    queryset = opinion_rows(opinions_visible_to(user)).select_related(
        "handling_unit", "merged_into", "visit", "reception_guest__activity"
    )
    queryset = queryset.prefetch_related(
        Prefetch("events", queryset=events),
        Prefetch("return_visits", queryset=visits),
        Prefetch("merged_opinions", queryset=merged),
        Prefetch("mediators", queryset=Deputy.objects.order_by("name_pinyin", "pk")),
        "attachments",
    )
    return get_object_or_404(queryset, pk=pk)


def voters_visible_to(user):
    """Voters by the station they were registered at, as opinions by theirs; a deputy the voters of the
    opinions they received."""
    voters = Voter.objects.all()
    if user.sees_everything:
        return voters
    if user.is_committee_staff or user.is_officer:
        return voters.filter(station__in=stations_visible_to(user))
    if user.is_deputy and hasattr(user, "deputy"):
        return voters.filter(opinions__deputy=user.deputy).distinct()
    return voters.none()


def voters_managed_by(user):
    if user.is_committee_staff or user.is_officer:
        return voters_visible_to(user)
    return Voter.objects.none()


def exports_visible_to(user):
    """The log of exports of personal data: staff read the exports of the accounts under their jurisdiction
    (a street's staff not those of the district, whose files hold every street's voters)."""
    exports = PersonalDataExport.objects.select_related("actor")
    if user.sees_everything:
        return exports
    if user.is_committee_staff:
        return exports.filter(actor__in=users_visible_to(user))
    return exports.none()


class PersonalData:
    """A voter's name, phone and address as one response may show them: masked for every role, on every
    page and in every export (DOMAIN.md, PIPL). Only a reveal (a POST by a user holding
    voters.reveal_voter_phone, written to the security log) shows one voter's data in full, in that
    response only: `revealed` holds the ids of the voters revealed for it."""

    def __init__(self, user, revealed=()):
        self.user = user
        self.revealed = set(revealed)

    def full(self, voter):
        return voter is not None and voter.pk in self.revealed

    def name(self, voter):
        if voter is None:
            return ""
        return voter.name if self.full(voter) else mask_name(voter.name)

    def phone(self, voter):
        if voter is None:
            return ""
        return national_phone(voter.phone) if self.full(voter) else mask_phone(voter.phone)

    def address(self, voter):
        if voter is None:
            return ""
        return voter.address if self.full(voter) else ("***" if voter.address else "")


def counts_by(queryset, field):
    return list(queryset.order_by().values(field).annotate(count=Count("pk")).order_by("-count", field))


def category_counts(queryset):
    names = {category.pk: str(category) for category in Category.objects.all()}
    return [
        (names.get(row["category"]), row["category"], row["count"]) for row in counts_by(queryset, "category")
    ]


def month_bounds(month):
    first = month.replace(day=1)
    last = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return first, last


def consultation_groups(user, month):
    """The month's opinions for the monthly consultation (seed 001), grouped by category, then by the
    level of deputies suggested to take each up."""
    first, last = month_bounds(month)
    start, end = day_bounds(first, last)
    opinions = (
        opinion_rows(opinions_visible_to(user))
        .filter(received_at__gte=start, received_at__lt=end)
        .exclude(status__in=[Opinion.Status.WITHDRAWN, Opinion.Status.MERGED])
        .order_by("category__position", "category__name", "received_at", "pk")
    )
    return category_level_groups(opinions)


def category_level_groups(rows, opinion_of=lambda row: row):
    """`rows` (opinions, or rows that hold one: `opinion_of` finds it), already ordered by category, grouped
    by category, then by the suggested level: [{"category", "levels": [{"level", "label", "opinions"}]}],
    where "opinions" holds the rows."""
    # Levels from the highest down, as the consultation takes them up; those not yet suggested last.
    rank = {level: index for index, level in enumerate(Level.values)}
    groups = []
    for row in rows:
        opinion = opinion_of(row)
        category = str(opinion.category) if opinion.category_id else None
        if not groups or groups[-1]["category"] != category:
            groups.append({"category": category, "levels": {}})
        levels = groups[-1]["levels"]
        level = levels.setdefault(
            opinion.suggested_level,
            {
                "level": opinion.suggested_level,
                "label": opinion.get_suggested_level_display(),
                "opinions": [],
            },
        )
        level["opinions"].append(row)
    for group in groups:
        group["levels"] = sorted(
            group["levels"].values(), key=lambda level: rank.get(level["level"], len(rank))
        )
    return groups


def register_opinions(user, first, last, station=None):
    """The opinions register (意见建议登记簿) for a period: every opinion received, in order."""
    start, end = day_bounds(first, last)
    opinions = opinion_rows(opinions_managed_by(user)).filter(received_at__gte=start, received_at__lt=end)
    if station is not None:
        opinions = opinions.filter(station=station)
    return opinions.order_by("received_at", "pk")


def register_feedback(user, first, last, station=None):
    """The feedback register: every return visit in the period, with the opinion it answered."""
    start, end = day_bounds(first, last)
    visits = ReturnVisit.objects.filter(
        opinion__in=opinions_managed_by(user), visited_at__gte=start, visited_at__lt=end
    ).select_related("opinion", "opinion__station", "opinion__category", "voter", "visited_by", "deputy")
    if station is not None:
        visits = visits.filter(opinion__station=station)
    return visits.order_by("visited_at", "pk")


def first_of_month(value):
    return date(value.year, value.month, 1)


def open_age_buckets(queryset):
    """Open opinions by age, for the officer's list: within a week, two weeks, a month, older."""
    today = timezone.localdate()
    start_of = {days: day_bounds(today - timedelta(days=days), today)[0] for days in (7, 15, 30)}
    open_ones = queryset.filter(status__in=Opinion.OPEN_STATUSES)
    return open_ones.aggregate(
        week=Count("pk", filter=Q(received_at__gte=start_of[7])),
        fortnight=Count("pk", filter=Q(received_at__lt=start_of[7], received_at__gte=start_of[15])),
        month=Count("pk", filter=Q(received_at__lt=start_of[15], received_at__gte=start_of[30])),
        older=Count("pk", filter=Q(received_at__lt=start_of[30])),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
    )
