"""Reads of suggestions, with each user's scope built in."""

from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import ExtractQuarter
from django.shortcuts import get_object_or_404
from django.utils import timezone

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to
from liaison.activities.models import Invitation
from liaison.core.periods import day_bounds
from liaison.models import Station
from liaison.selectors import stations_visible_to, units_visible_to
from suggestions import clock
from suggestions.models import (
    Assignment,
    Consultation,
    ConsultationItem,
    Reply,
    ReplyTemplate,
    Suggestion,
    SuggestionEvent,
)
from suggestions.rates import (
    RUNNING,
    STAGES,
    assignment_open_q,
    assignment_overdue_q,
    assignments_flagged,
    counts,
    figures_of,
    received,
    with_rates,
)
from voters.models import Opinion
from voters.selectors import category_level_groups, month_bounds, opinions_visible_to
from voters.similarity import MIN_TEXT as SIMILAR_MIN_TEXT
from voters.similarity import bigrams, dice, normalise

Status = Suggestion.Status


def _deputy_filter(deputy_ids):
    """Led or co-signed by one of `deputy_ids`, as one UNION of ids that the database reads through the two
    indexes: an OR with an EXISTS made PostgreSQL walk every suggestion backwards by id to find a deputy's
    latest 20 (250 ms for a deputy's cases among the city's 100,000)."""
    led = Suggestion.objects.filter(lead_deputy__in=deputy_ids).order_by().values("pk")
    co_signed = (
        Suggestion.joint_deputies.through.objects.filter(deputy__in=deputy_ids)
        .order_by()
        .values("suggestion_id")
    )
    return Q(pk__in=led.union(co_signed))


def _assigned_to(units):
    """Assigned to one of `units` (or handled together with one that is, 并案), re-routed assignments left out."""
    active = Assignment.objects.filter(unit__in=units).exclude(status=Assignment.Status.WITHDRAWN)
    return Exists(active.filter(suggestion=OuterRef("pk"))) | Exists(
        active.filter(suggestion=OuterRef("merged_into"))
    )


def suggestions_visible_to(user):
    """Staff of the whole deployment see every submitted suggestion; staff of a jurisdiction those of the
    deputies stationed under it, those assigned to its units, and what they wrote. Staff see no other
    person's draft, only their own (e.g. handed in on paper). A unit sees what is (or was, through 并案)
    assigned to it; a deputy what they lead or joined, and their own drafts; an officer the suggestions of
    the deputies at their stations and what they wrote."""
    suggestions = Suggestion.objects.all()
    if user.is_committee_staff:
        if not user.sees_everything:
            deputies = deputies_visible_to(user).values("pk")
            units = units_visible_to(user).values("pk")
            suggestions = suggestions.filter(
                _deputy_filter(deputies) | Q(created_by=user) | _assigned_to(units)
            )
        return suggestions.exclude(Q(status=Status.DRAFT) & ~Q(created_by=user))
    if user.is_unit_user:
        return suggestions.filter(_assigned_to([user.handling_unit_id]))
    if user.is_deputy and hasattr(user, "deputy"):
        own = [user.deputy.pk]
        return suggestions.filter(_deputy_filter(own)).exclude(
            Q(status=Status.DRAFT) & ~Q(lead_deputy=user.deputy.pk) & ~Q(created_by=user)
        )
    if user.is_officer:
        deputies = deputies_visible_to(user).values("pk")
        return suggestions.filter(_deputy_filter(deputies) | Q(created_by=user))
    return suggestions.none()


def list_rows(queryset):
    """What every list shows per row, in a fixed number of queries."""
    return queryset.select_related("lead_deputy", "lead_unit", "merged_into").annotate(
        joint_count=Count("joint_deputies", distinct=True)
    )


def suggestion_get(user, pk):
    return get_object_or_404(suggestions_visible_to(user).select_related("lead_deputy", "created_by"), pk=pk)


def evaluation_visible(user, suggestion):
    """背靠背: a unit does not see the evaluation until the suggestion is completed."""
    return not user.is_unit_user or suggestion.status == Status.CLOSED


def suggestion_file(user, suggestion):
    """Everything the suggestion page shows, each part once."""
    assignments = list(suggestion.assignments.select_related("unit").order_by("round", "role", "pk"))
    replies = list(suggestion.replies.select_related("unit", "replied_by").prefetch_related("documents"))
    events = suggestion.events.select_related("actor").order_by("at", "pk")
    evaluations = []
    if evaluation_visible(user, suggestion):
        evaluations = list(suggestion.evaluations.select_related("recorded_by"))
    else:
        events = events.exclude(kind__in=SuggestionEvent.EVALUATION_KINDS)
    by_round = {}
    for number in range(1, suggestion.round + 1):
        by_round[number] = {
            "number": number,
            "assignments": [a for a in assignments if a.round == number],
            "reply": next((r for r in replies if r.round == number), None),
            "evaluation": next((e for e in evaluations if e.round == number), None),
            "contacts": [],
        }
    for contact in suggestion.contacts.select_related("unit"):
        by_round.setdefault(contact.round, {"contacts": []})["contacts"].append(contact)
    return {
        "rounds": [by_round[number] for number in sorted(by_round)],
        "events": list(events),
        "joint_deputies": list(suggestion.joint_deputies.all()),
        "supervision": list(suggestion.supervision_actions.select_related("recorded_by")),
        "merged": list(suggestion.merged.only("pk", "number", "title", "status")),
        "current_assignments": [
            a for a in assignments if a.round == suggestion.round and a.status != Assignment.Status.WITHDRAWN
        ],
    }


def due_soon_q():
    today = timezone.localdate()
    return Q(
        status__in=RUNNING,
        due_on__gte=today,
        due_on__lte=clock.near_due_limit(today),
    )


def unit_assignments(unit):
    """A unit's work page: the active assignments of the current round, soonest deadline first."""
    return (
        Assignment.objects.filter(assignment_open_q(), unit=unit)
        .select_related("suggestion", "suggestion__lead_deputy")
        .order_by("deadline", "pk")
    )


def unit_follow_ups(unit):
    return list_rows(Suggestion.objects.filter(status=Status.FOLLOW_UP, lead_unit=unit)).order_by("due_on")


FOLLOW_UPS = "follow_ups"


def unit_assignment_kinds(today):
    """The kinds of a unit's waiting assignments, defined once: its home page counts each kind and its work
    page lists each (`?show=kind`), so a tile's number is the number of rows its link shows."""
    return {
        "waiting": Q(),
        "overdue": assignment_overdue_q(today),
        "soon": Q(deadline__gte=today, deadline__lte=clock.near_due_limit(today)),
        "to_accept": Q(status=Assignment.Status.ASSIGNED),
    }


def unit_work_rows(unit, kind, today):
    """The rows of one kind of a unit's work (a key of `unit_assignment_kinds`, or FOLLOW_UPS)."""
    if kind == FOLLOW_UPS:
        return unit_follow_ups(unit)
    return assignments_flagged(unit_assignments(unit).filter(unit_assignment_kinds(today)[kind]), today)


def deputy_cases(deputy):
    """A deputy's own suggestions, what waits for them first (an evaluation due, a draft to finish)."""
    return list_rows(Suggestion.objects.filter(_deputy_filter([deputy.pk]))).exclude(
        Q(status=Status.DRAFT) & ~Q(lead_deputy=deputy.pk)
    )


def opinions_routed_to(user, limit=20):
    """The open voters' opinions a deputy received (voters app), newest first."""
    done = [Opinion.Status.CLOSED, Opinion.Status.WITHDRAWN, Opinion.Status.MERGED]
    return list(opinions_visible_to(user).exclude(status__in=done).order_by("-received_at", "-pk")[:limit])


def templates_of(user):
    if not user.is_unit_user:
        return ReplyTemplate.objects.none()
    return ReplyTemplate.objects.filter(unit=user.handling_unit_id)


# ---------------------------------------------------------------------------------------------------------
# Rates: the cohort, the counts and the rates are defined once in suggestions.rates.


def received_by(user, start=None, end=None):
    """The suggestions received in the period among those `user` sees: every figure of a scoped staff member
    is about their jurisdiction's suggestions only."""
    return received(start, end) & suggestions_visible_to(user)


def rates(user, start=None, end=None, by=None):
    """Counts and rates for the period's suggestions `user` sees: in total, or per "unit" (the lead unit of
    the latest round), "category" or "deputy" (the lead deputy)."""
    cohort = received_by(user, start, end)
    total = figures_of(cohort)
    rows = []
    if by == "category":
        labels = dict(Suggestion._meta.get_field("category").choices)
        for row in cohort.values("category").annotate(**counts()).order_by("category"):
            row["label"] = labels.get(row["category"], row["category"])
            rows.append(with_rates(row))
    elif by == "deputy":
        grouped = cohort.values("lead_deputy", "lead_deputy__name").annotate(**counts())
        for row in grouped.order_by("lead_deputy__name_pinyin", "lead_deputy"):
            row["label"] = row["lead_deputy__name"]
            rows.append(with_rates(row))
    elif by == "unit":
        grouped = cohort.values("lead_unit", "lead_unit__name").annotate(**counts())
        for row in grouped.order_by("lead_unit__name"):
            row["label"] = row["lead_unit__name"] or "—"
            rows.append(with_rates(row))
    return total, rows


def unit_year_figures(unit, year):
    """The year's counts and rates of the suggestions `unit` led (the lead unit of the latest round), in one
    query: the unit's page and the figures behind a unit of merit."""
    return figures_of(received(date(year, 1, 1), date(year, 12, 31)).filter(lead_unit=unit))


def rates_by_quarter(user, year, units=None):
    """The year's counts and rates per quarter of receipt and per lead unit, in one query, with the same
    counts as `rates` (the full table of 办结率 and 满意率 by unit); of `units` only when given."""
    cohort = received_by(user, date(year, 1, 1), date(year, 12, 31)).filter(lead_unit__isnull=False)
    if units is not None:
        cohort = cohort.filter(lead_unit__in=units)
    grouped = (
        cohort.annotate(quarter=ExtractQuarter("submitted_at"))
        .values("quarter", "lead_unit", "lead_unit__name")
        .annotate(**counts())
        .order_by("lead_unit__name", "lead_unit", "quarter")
    )
    return [with_rates(row) for row in grouped]


def suggestions_in_stage(queryset, stage):
    """The suggestions counted under one of the `STAGES` (the list's filter for the dashboard's funnel)."""
    return queryset.filter(STAGES[stage])


# ---------------------------------------------------------------------------------------------------------
# Shared across stations (seed 001): the completed suggestions of the whole deployment, for every officer
# and deputy to learn from what was answered. Only what a reply teaches is read: the title, the category,
# the lead unit, the result class and the last round's reply. Never the content (it may name voters), the
# deputies, nor the voters' opinions it grew from.

SHARED_FIELDS = ("pk", "number", "year", "title", "category", "result_class", "closed_at", "lead_unit__name")


def _final_reply():
    return Reply.objects.filter(suggestion=OuterRef("pk"), round=OuterRef("round"))


def shared_suggestions():
    """The completed suggestions with their final reply, newest first; the same for everyone who may look."""
    return (
        Suggestion.objects.filter(status=Status.CLOSED)
        .filter(Exists(_final_reply()))
        .select_related("lead_unit")
        .only(*SHARED_FIELDS)
        .annotate(reply_text=Subquery(_final_reply().values("text")[:1]))
        .order_by("-closed_at", "-pk")
    )


def shared_search_q(text):
    """Text in the title or in the final reply."""
    return Q(title__contains=text) | Q(Exists(_final_reply().filter(text__contains=text)))


SIMILAR_BIGRAMS = 8  # the title's first distinct pairs of characters that find candidates
SIMILAR_SCAN = 200  # at most this many candidates are scored, whatever the deployment's size
SIMILAR_MIN_SCORE = 0.2


# Pairs nearly every title holds (关于……的建议): they would find everything and tell nothing.
COMMON_PAIRS = {"关于", "建议", "的建", "意见", "的意", "问题", "的问"}


def _telling_pairs(title):
    """Up to SIMILAR_BIGRAMS of the title's character pairs, spread over it, the common ones left out."""
    chars = normalise(title)[:200]
    pairs = list(dict.fromkeys(chars[i : i + 2] for i in range(len(chars) - 1)))
    pairs = [pair for pair in pairs if pair not in COMMON_PAIRS] or pairs
    step = max(1, len(pairs) // SIMILAR_BIGRAMS)
    return pairs[::step][:SIMILAR_BIGRAMS]


def similar_closed(title, limit=5):
    """[(suggestion, score)] of completed suggestions whose title is like `title`, best first (character
    bigrams, voters.similarity), so that a deputy reads how the same matter was answered before writing."""
    wanted = bigrams(title[:200])
    if len(normalise(title)) < SIMILAR_MIN_TEXT or not wanted:
        return []
    pairs = _telling_pairs(title)
    any_pair = Q()
    for pair in pairs:
        any_pair |= Q(title__contains=pair)
    candidates = list(shared_suggestions().filter(any_pair)[:SIMILAR_SCAN])
    scored = [(row, dice(wanted, bigrams(row.title))) for row in candidates]
    scored = [(row, score) for row, score in scored if score >= SIMILAR_MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]


# The monthly consultation (会商, seed 001) -------------------------------------------------------------------


def consultations_visible_to(user):
    """Officers see the meetings of their stations, staff those of the stations under their jurisdiction
    (every one for staff of the whole deployment); a deputy the meetings they attended."""
    consultations = Consultation.objects.select_related("station", "activity")
    if user.sees_everything:
        return consultations
    if user.is_committee_staff or user.is_officer:
        return consultations.filter(station__in=stations_visible_to(user))
    if user.is_deputy and hasattr(user, "deputy"):
        attended = Invitation.objects.filter(deputy=user.deputy, attendance=Invitation.Attendance.PRESENT)
        return consultations.filter(activity__in=attended.values("activity"))
    return consultations.none()


def consultations_managed_by(user):
    """Meetings a user may run (draw the agenda, apply the decisions): the officers and staff who see them."""
    if user.is_committee_staff or user.is_officer:
        return consultations_visible_to(user)
    return Consultation.objects.none()


def consultation_stations(user):
    """The liaison stations a user may hold a meeting for (a point's opinions and deputies are its station's)."""
    return stations_visible_to(user).filter(kind=Station.Kind.STATION, is_active=True)


def consultation_deputies(station):
    """The deputies stationed at the station or at a place under it, who sit in its monthly meeting."""
    places = Station.objects.filter(Q(pk=station.pk) | Q(parent=station)).values("pk")
    return (
        Deputy.objects.filter(
            is_active=True, stationings__station__in=places, stationings__until__isnull=True
        )
        .distinct()
        .order_by("name_pinyin", "pk")
    )


def agenda_opinions(station, month):
    """The opinions the month's meeting sorts: those of the station and its places received by the month's
    end and not routed yet, earlier months' left over included."""
    _first, last = month_bounds(month)
    _start, end = day_bounds(last, last)
    return (
        Opinion.objects.filter(Q(station=station) | Q(station__parent=station))
        .filter(status=Opinion.Status.RECEIVED, received_at__lt=end)
        .order_by("pk")
    )


def consultation_get(user, pk):
    return get_object_or_404(consultations_visible_to(user).select_related("station__parent"), pk=pk)


def consultation_items(consultation):
    """The agenda grouped by category, then by the level suggested (voters.selectors.category_level_groups)."""
    items = (
        ConsultationItem.objects.filter(consultation=consultation)
        .select_related("opinion__category", "opinion__station", "lead_deputy", "suggestion")
        .order_by("opinion__category__position", "opinion__category__name", "opinion__received_at", "pk")
    )
    return category_level_groups(items, opinion_of=lambda item: item.opinion)


def consultation_invited(consultation):
    """The deputies who sit in the meeting, one of whom may lead a decision."""
    return Deputy.objects.filter(invitations__activity=consultation.activity_id).order_by("name_pinyin", "pk")


def consultation_attendance(consultation):
    return list(
        consultation.activity.invitations.select_related("deputy").order_by("deputy__name_pinyin", "pk")
    )


def last_month_report(consultation):
    """通报上个月代表建议办理反馈情况 (seed 001): the suggestions the station's deputies handed in the month
    before, with what became of each and their figures (suggestions.rates), as they stand now."""
    first, last = month_bounds(consultation.month - timedelta(days=1))
    deputies = consultation_deputies(consultation.station).values("pk")
    cohort = received(first, last).filter(_deputy_filter(deputies))
    rows = list(list_rows(cohort).order_by("submitted_at", "pk"))
    return {"month": first, "figures": figures_of(cohort), "suggestions": rows}
