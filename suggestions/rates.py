"""The figures of the closed loop, each defined once (DOMAIN.md: Rates): which suggestions a period received,
办结率, the two 满意率, overdue and on time, and the on-time reply rate.

Every surface counts with these, in SQL: the rates page and the staff dashboard (suggestions.selectors.rates),
the quarterly workbook (assessments.reports), the duty archive and the derived duties (assessments), the unit
pages, the list's filters and the reminders. A surface that needs another figure adds it here."""

from datetime import datetime, time, timedelta

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import timezone

from liaison.core import rates
from liaison.core.rates import percent
from suggestions.models import Assignment, Suggestion

Status = Suggestion.Status
Rating = Suggestion.Rating

# ---------------------------------------------------------------------------------------------------------
# Received: the cohort of a period
#
# 办结率 is completed ÷ received, and received is everything deputies handed in (DOMAIN.md: Rates; seed 001
# sets 6.01万 put forward against 5.47万 completed). A suggestion is received once submitted, whatever becomes
# of it, and every figure of a period is about the suggestions received in it:
# - turned down (不予立案, REJECTED): received, and never completed;
# - handled together with another (并案, merged_into): each counts, as each gets the reply and is evaluated;
# - withdrawn: a submitted suggestion cannot be (DOMAIN.md: nothing entered is lost); an assignment a unit
#   returned (退回) and staff re-routed (Assignment WITHDRAWN) changes the lead unit, not the count;
# - a draft has not been handed in: not received.
# The period is the date of submission in China's time.

RECEIVED = ~Q(status=Status.DRAFT)


def submitted_between(start=None, end=None):
    """Submitted from the day `start` to the day `end`, both included, in the site's time zone."""
    zone = timezone.get_current_timezone()
    condition = Q()
    if start:
        condition &= Q(submitted_at__gte=datetime.combine(start, time.min, tzinfo=zone))
    if end:
        condition &= Q(submitted_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))
    return condition


def received(start=None, end=None):
    """The suggestions received in the period (every one, when no bounds are given)."""
    return Suggestion.objects.filter(RECEIVED, submitted_between(start, end))


# ---------------------------------------------------------------------------------------------------------
# What became of them
#
# The evaluation counted is the latest: the services keep it in Suggestion.rating, so a suggestion sent to a
# second round (二次交办, seed 002) counts as unsatisfied until its second reply is evaluated, and from then on
# as that second evaluation. It is counted once, never once per round.

COMPLETED = Q(status=Status.CLOSED)
EVALUATED = ~Q(rating="")
SATISFIED = Q(rating=Rating.SATISFIED)
BASICALLY = Q(rating=Rating.BASICALLY)

# The steps of the loop reached, in order (the dashboard's funnel, the list's "reached" filter).
STAGES = {
    "received": RECEIVED,
    "registered": Q(registered_at__isnull=False),
    "assigned": Q(assigned_at__isnull=False),
    "replied": Q(replied_at__isnull=False),
    "completed": COMPLETED,
    "evaluated": EVALUATED,
    "satisfied": SATISFIED,
    "basically": BASICALLY,
}

# ---------------------------------------------------------------------------------------------------------
# Overdue and on time
#
# A suggestion's deadline is its `due_on`, kept by the services: the current lead unit's reply deadline while
# it is handled (assigned, re-routed, extended), the date a class-B reply promised while it is followed up.
# An assignment's deadline is its own (a co-unit's view is due before the lead unit's reply).

RUNNING = (Status.ASSIGNED, Status.FOLLOW_UP)
ACTIVE_ASSIGNMENT = (Assignment.Status.ASSIGNED, Assignment.Status.ACCEPTED, Assignment.Status.RETURN_ASKED)


def overdue_q(today=None):
    """A suggestion past its deadline and not answered (or, followed up, not done)."""
    return Q(status__in=RUNNING, due_on__lt=today or timezone.localdate())


def overdue(queryset, today=None):
    return queryset.filter(overdue_q(today))


def is_overdue(suggestion, today=None):
    """`overdue_q` for one suggestion already loaded (the badge on its row)."""
    return (
        suggestion.status in RUNNING
        and suggestion.due_on is not None
        and suggestion.due_on < (today or timezone.localdate())
    )


def assignment_open_q():
    """An assignment still to be answered: active, of its suggestion's current round, while it is handled
    (a co-unit that never gave its view is not asked again once the lead unit replied)."""
    return Q(status__in=ACTIVE_ASSIGNMENT, round=F("suggestion__round"), suggestion__status=Status.ASSIGNED)


def assignment_overdue_q(today=None):
    """An assignment past its deadline and not answered."""
    return assignment_open_q() & Q(deadline__lt=today or timezone.localdate())


def assignment_is_overdue(assignment, today=None):
    """`assignment_overdue_q` for one assignment of a current round already loaded."""
    return assignment.status in ACTIVE_ASSIGNMENT and assignment.deadline < (today or timezone.localdate())


def _late_lead_answers():
    """The lead units' answers that came after their round's deadline, to the suggestion or to the one it is
    handled together with (并案: the main one's lead unit replies for all)."""
    return Assignment.objects.filter(
        Q(suggestion=OuterRef("pk")) | Q(suggestion=OuterRef("merged_into")),
        role=Assignment.Role.LEAD,
        status=Assignment.Status.ANSWERED,
        answered_at__date__gt=F("deadline"),
    )


def on_time_q():
    """A suggestion replied, every reply by its round's deadline (seed 003: 在法定时限内…答复代表)."""
    return Q(replied_at__isnull=False) & ~Exists(_late_lead_answers())


def flagged(queryset, today=None):
    """Suggestions with `is_late` (overdue) and `in_time` (on time) computed in the query, for rows."""
    return queryset.annotate(
        is_late=ExpressionWrapper(overdue_q(today), output_field=BooleanField()),
        in_time=ExpressionWrapper(on_time_q(), output_field=BooleanField()),
    )


def assignments_flagged(queryset, today=None):
    """Assignments with `overdue` computed in the query (the unit's work page, the reminders)."""
    return queryset.annotate(
        overdue=ExpressionWrapper(assignment_overdue_q(today), output_field=BooleanField())
    )


# ---------------------------------------------------------------------------------------------------------
# Counts and rates

FIGURES = (*STAGES, "overdue", "on_time")


def counts(today=None):
    """The aggregates every table of figures is made of, for `aggregate()` or `values().annotate()`."""
    conditions = {**STAGES, "overdue": overdue_q(today), "on_time": on_time_q()}
    return {name: Count("pk", filter=condition, distinct=True) for name, condition in conditions.items()}


def completion_rate(figures):
    """办结率 in percent: completed ÷ received; None when nothing was received."""
    return percent(figures["completed"], figures["received"])


def satisfaction_rate(figures):
    """满意率 in percent, satisfied only: satisfied ÷ evaluated; None when nothing was evaluated."""
    return rates.satisfaction_rate(figures["satisfied"], figures["evaluated"])


def satisfaction_rate_with_basically(figures):
    """满意率 in percent with 基本满意: (satisfied + basically satisfied) ÷ evaluated."""
    return rates.satisfaction_rate_with_basically(
        figures["satisfied"], figures["basically"], figures["evaluated"]
    )


def on_time_rate(figures):
    """On-time reply rate in percent: replied within the legal limit (`on_time_q`, the deadlines of
    suggestions.clock) ÷ replied; None when nothing was replied (issue 16, seed 003: 在法定时限内答复)."""
    return percent(figures["on_time"], figures["replied"])


def with_rates(figures):
    """The counts with their four rates, under the names every page uses."""
    figures["completion_rate"] = completion_rate(figures)
    figures["satisfied_rate"] = satisfaction_rate(figures)
    figures["satisfied_or_basically_rate"] = satisfaction_rate_with_basically(figures)
    figures["on_time_rate"] = on_time_rate(figures)
    return figures


def figures_of(queryset, today=None):
    """The counts and rates of a set of suggestions, in one query."""
    return with_rates(queryset.aggregate(**counts(today)))
