"""Voters received (接待选民人次), defined once for every surface that shows it (the quarterly workbook, the
station's figures).

A reception day records every voter it received (Activity.voters_received); the visits logged for that day
are part of it, so they are counted through the day and not again. Any other visit (走访, 约访, 回访, or a
reception logged without a day) counts the voters met in it."""

from django.db.models import Q, Sum

from liaison.activities.models import Activity


def _counted_days(activities):
    return activities.filter(kind=Activity.Kind.RECEPTION).exclude(status=Activity.Status.CANCELLED)


def _visits_on_their_own(visits):
    return visits.exclude(
        Q(activity__kind=Activity.Kind.RECEPTION) & ~Q(activity__status=Activity.Status.CANCELLED)
    )


def voters_received_by_station(*, activities, visits):
    """{station id: voters received} over the given activities and visits (one period, one scope); a
    group activity held elsewhere has no station (None)."""
    figures = {}
    days = _counted_days(activities).values("station_id").annotate(n=Sum("voters_received")).order_by()
    own = _visits_on_their_own(visits).values("station_id").annotate(n=Sum("voters_met")).order_by()
    for row in [*days, *own]:
        figures[row["station_id"]] = figures.get(row["station_id"], 0) + (row["n"] or 0)
    return figures


def voters_received(*, activities, visits):
    return sum(voters_received_by_station(activities=activities, visits=visits).values())
