"""Voters received (接待选民人次), defined once for every surface that shows it (the quarterly workbook, the
station's figures, the deputies' duty records).

A reception day records every voter it received (Activity.voters_received); the visits logged for that day
are part of it, so they are counted through the day and not again. Any other visit (走访, 约访, 回访, or a
reception logged without a day) counts the voters met in it."""

from django.db.models import Case, F, IntegerField, Q, Sum, Value, When

from liaison.activities.models import Activity


def counted_day(prefix=""):
    """A reception day whose voters count: any but a cancelled one. `prefix` reaches the day through a
    relation ("activity__" from a visit or an invitation)."""
    return Q(**{f"{prefix}kind": Activity.Kind.RECEPTION}) & ~Q(
        **{f"{prefix}status": Activity.Status.CANCELLED}
    )


def day_voters(prefix=""):
    """The voters an activity received, as an expression: a counted reception day's, 0 for anything else."""
    return Case(
        When(counted_day(prefix), then=F(f"{prefix}voters_received")),
        default=Value(0),
        output_field=IntegerField(),
    )


def visit_voters(prefix=""):
    """The voters a visit counts on its own, as an expression: none when its reception day counts them."""
    return Case(
        When(counted_day(f"{prefix}activity__"), then=Value(0)),
        default=F(f"{prefix}voters_met"),
        output_field=IntegerField(),
    )


def voters_received_by_station(*, activities, visits):
    """{station id: voters received} over the given activities and visits (one period, one scope); a
    group activity held elsewhere has no station (None)."""
    figures = {}
    days = activities.filter(counted_day()).values("station_id").annotate(n=Sum("voters_received")).order_by()
    own = visits.values("station_id").annotate(n=Sum(visit_voters())).order_by()
    for row in [*days, *own]:
        figures[row["station_id"]] = figures.get(row["station_id"], 0) + (row["n"] or 0)
    return figures


def voters_received(*, activities, visits):
    return sum(voters_received_by_station(activities=activities, visits=visits).values())
