"""Reads of duty records and scores, with each user's scope built in."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404

from assessments.models import (
    Bulletin,
    Commendation,
    DutyRecord,
    ExportJob,
    Seat,
    Sitting,
    Speech,
    WorkPlan,
    YearSummary,
)
from assessments.periods import year_period
from deputies.models import Deputy, DeputyGroup, Mandate
from deputies.selectors import deputies_visible_to, groups_visible_to
from liaison.models import HandlingUnit, Station, Stationing
from liaison.selectors import (
    jurisdictions_holding,
    jurisdictions_under,
    stations_visible_to,
    units_visible_to,
)
from suggestions.models import Suggestion
from suggestions.rates import received
from suggestions.selectors import suggestions_visible_to


def duty_records_visible_to(user):
    """Staff of the whole deployment see every record; staff of a jurisdiction and an officer those of the
    deputies stationed at the places they see (deputies.selectors); a deputy their own."""
    records = DutyRecord.objects.select_related("deputy", "entered_by", "decided_by")
    if user.sees_everything:
        return records
    if user.is_committee_staff or user.is_officer or user.is_deputy:
        return records.filter(deputy__in=deputies_visible_to(user).values("pk"))
    return records.none()


def duty_record_get(user, pk):
    return get_object_or_404(duty_records_visible_to(user).prefetch_related("events__actor"), pk=pk)


def deputy_for_score(user, pk):
    """A deputy whose score and archive the user may see; another deputy's id is a 404."""
    deputies = deputies_visible_to(user).prefetch_related(
        Prefetch("mandates", queryset=Mandate.objects.order_by("level", "started_on")),
        Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name")),
        Prefetch(
            "stationings",
            queryset=Stationing.objects.select_related("station").order_by("since"),
        ),
    )
    return get_object_or_404(deputies, pk=pk)


def scored_deputies(user):
    """The deputies a results page lists: active ones in the user's scope, with groups and mandates."""
    return (
        deputies_visible_to(user)
        .filter(is_active=True)
        .prefetch_related(
            Prefetch("mandates", queryset=Mandate.objects.order_by("level")),
            Prefetch("deputy_groups", queryset=DeputyGroup.objects.order_by("kind", "name")),
        )
        .order_by("name_pinyin", "pk")
    )


def group_members(group):
    return Deputy.objects.filter(deputy_groups=group, is_active=True).order_by("name_pinyin", "pk")


def notice_groups(user):
    return groups_visible_to(user).select_related("station").order_by("kind", "name")


def export_jobs_of(user):
    return ExportJob.objects.filter(user=user)


# ---------------------------------------------------------------------------------------------------------
# Yearly plans and year-end summaries: one per liaison station (its points' work is in it), seen by staff of
# its jurisdiction and its officers, kept by its officers only.


def plan_stations_visible_to(user):
    """The liaison stations whose plans and summaries `user` sees: staff those under their jurisdiction,
    an officer their own; nobody else any."""
    if not (user.is_committee_staff or user.is_officer):
        return Station.objects.none()
    return stations_visible_to(user).filter(parent__isnull=True)


def plan_stations_kept_by(user):
    """The liaison stations whose plan and summary `user` drafts and edits: an officer's own."""
    if not user.is_officer:
        return Station.objects.none()
    return user.stations.filter(parent__isnull=True)


def work_plans_visible_to(user):
    return WorkPlan.objects.filter(station__in=plan_stations_visible_to(user).values("pk")).select_related(
        "station"
    )


def year_summaries_visible_to(user):
    return YearSummary.objects.filter(station__in=plan_stations_visible_to(user).values("pk")).select_related(
        "station"
    )


def keeps(user, station):
    """Whether `user` drafts and edits the plan and summary of `station`."""
    return plan_stations_kept_by(user).filter(pk=station.pk).exists()


# --- Commendations (评先选优) -------------------------------------------------------------------------


def commendations_visible_to(user):
    """Staff of the whole deployment see every nomination; staff of a level and officers those whose
    nominee they see (a deputy stationed under them, a station, a suggestion of their deputies, a unit of
    their level; officers see no unit's); nobody else any."""
    commendations = Commendation.objects.select_related(
        "deputy", "station", "suggestion", "unit", "nominated_by", "decided_by"
    )
    if user.sees_everything:
        return commendations
    if not (user.is_committee_staff or user.is_officer):
        return commendations.none()
    nominees = (
        Q(deputy__in=deputies_visible_to(user).values("pk"))
        | Q(station__in=stations_visible_to(user).values("pk"))
        | Q(suggestion__in=suggestions_visible_to(user).values("pk"))
    )
    if user.is_committee_staff:
        nominees |= Q(unit__in=units_visible_to(user).values("pk"))
    return commendations.filter(nominees)


def commendation_get(user, pk):
    return get_object_or_404(commendations_visible_to(user).prefetch_related("events__actor"), pk=pk)


def nominees_for(user, year):
    """What `user` may nominate for `year`, by kind: the deputies serving and the stations they see, the
    suggestions of the year they see (received, not drafts), and for staff the active units of their level."""
    units = (
        units_visible_to(user).filter(is_active=True)
        if user.is_committee_staff
        else HandlingUnit.objects.none()
    )
    return {
        Commendation.Kind.DEPUTY: deputies_visible_to(user)
        .filter(is_active=True)
        .order_by("name_pinyin", "pk"),
        Commendation.Kind.STATION: stations_visible_to(user).filter(is_active=True).order_by("name"),
        Commendation.Kind.SUGGESTION: (
            received(year_period(year).start, year_period(year).end) & suggestions_visible_to(user)
        ).order_by("number"),
        Commendation.Kind.UNIT: units.order_by("name"),
    }


def sittings_visible_to(user):
    """Sessions and meetings are staff's records: those of the staff member's level of the tree and below
    (the whole deployment's for its staff). Deputies see theirs as duty records."""
    sittings = Sitting.objects.select_related("jurisdiction")
    if user.sees_everything:
        return sittings
    if user.is_committee_staff:
        return sittings.filter(jurisdiction__in=jurisdictions_under(user))
    return sittings.none()


def sitting_list(user):
    return sittings_visible_to(user).annotate(
        present=Count("seats", filter=Q(seats__attendance=Seat.Attendance.PRESENT), distinct=True),
        on_leave=Count("seats", filter=Q(seats__attendance=Seat.Attendance.LEAVE), distinct=True),
        absent=Count("seats", filter=Q(seats__attendance=Seat.Attendance.ABSENT), distinct=True),
        speech_count=Count("speeches", distinct=True),
    )


def sitting_get(user, pk):
    sittings = sittings_visible_to(user).select_related("congress_session", "created_by")
    return get_object_or_404(sittings, pk=pk)


def seats_of(sitting):
    return sitting.seats.select_related("deputy").order_by("role", "deputy__name_pinyin", "pk")


def speeches_of(sitting):
    return Speech.objects.filter(sitting=sitting).select_related("deputy").order_by("pk")


def speech_get(user, pk):
    return get_object_or_404(
        Speech.objects.filter(sitting__in=sittings_visible_to(user)).select_related("sitting", "deputy"),
        pk=pk,
    )


def deputies_for_topic(deputies, topic, category=""):
    """Whom to invite to sit in on a topic (seed 002): among `deputies`, those who proposed suggestions
    of the category or whose titles hold a word of the topic, most such suggestions first."""
    words = [word for word in topic.replace("，", " ").replace(",", " ").split() if word]
    if not words and not category:
        return []
    related = Q(category=category) if category else Q()
    for word in words:
        related |= Q(title__icontains=word)
    proposed = Suggestion.objects.filter(related, lead_deputy__in=deputies).exclude(
        status=Suggestion.Status.REJECTED
    )
    counts = dict(
        proposed.values("lead_deputy").annotate(n=Count("pk")).order_by().values_list("lead_deputy", "n")
    )
    found = Deputy.objects.filter(pk__in=counts).order_by("name_pinyin", "pk")
    return sorted(((deputy, counts[deputy.pk]) for deputy in found), key=lambda pair: -pair[1])


def bulletins_visible_to(user):
    """Staff see the bulletins of their level of the tree and below, drafts too; deputies and officers the
    published ones of the levels they lie in; the handling units' accounts (一府两院) also those below."""
    bulletins = Bulletin.objects.select_related("jurisdiction")
    if user.sees_everything:
        return bulletins
    if user.is_committee_staff:
        return bulletins.filter(jurisdiction__in=jurisdictions_under(user))
    published = bulletins.filter(status=Bulletin.Status.PUBLISHED)
    if user.is_unit_user and user.handling_unit_id:
        # 一府两院 of a district read its bulletins and its streets' (and those above it).
        place = user.handling_unit.jurisdiction
        below = Q(jurisdiction__path__startswith=place.path) if place else Q(pk__in=[])
        return published.filter(
            Q(jurisdiction__isnull=True) | Q(jurisdiction__in=jurisdictions_holding(place)) | below
        )
    if user.is_deputy or user.is_officer:
        return published.filter(
            Q(jurisdiction__isnull=True) | Q(jurisdiction__in=jurisdictions_holding(user))
        )
    return bulletins.none()


def bulletin_get(user, pk):
    return get_object_or_404(bulletins_visible_to(user).prefetch_related("sections"), pk=pk)
