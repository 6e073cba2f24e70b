"""Two books of 一册四簿 (seed 000): the activities book (活动簿) and the receptions book (接待登记簿, the
visits log), each as a workbook, a print view and a PDF over a period and a station (liaison/core/books.py).
The lists they are reached from (activities, visits log) hold the form that picks the period."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.activities.models import Invitation
from liaison.activities.selectors import activity_book, reception_book
from liaison.core.access import manages_network, role_required
from liaison.core.books import Book, Column, book_urls, period_book_response
from liaison.core.periods import period_label
from liaison.selectors import stations_managed_by

ACTIVITY_COLUMNS = [
    Column(gettext_lazy("Time"), 16),
    Column(gettext_lazy("Activity"), 24),
    Column(gettext_lazy("Kind"), 12),
    Column(gettext_lazy("Station"), 20),
    Column(gettext_lazy("Place"), 18),
    Column(gettext_lazy("Organiser"), 10),
    Column(gettext_lazy("Invited"), 8),
    Column(gettext_lazy("Present"), 8),
    Column(gettext_lazy("Deputies present"), 24),
    Column(gettext_lazy("Deputies on leave"), 16),
    Column(gettext_lazy("Summary"), 44),
    Column(gettext_lazy("Status"), 10),
    Column(gettext_lazy("Recorded later"), 8, paper=False),
]


def _names(invitations):
    return "、".join(invitation.deputy.name for invitation in invitations)


def _activity_row(activity):
    invitations = list(activity.invitations.all())
    present = [i for i in invitations if i.attendance == Invitation.Attendance.PRESENT]
    on_leave = [
        i
        for i in invitations
        if i.attendance == Invitation.Attendance.LEAVE
        or (not i.attendance and i.reply == Invitation.Reply.LEAVE)
    ]
    return [
        activity.starts_at,
        activity.title,
        activity.get_kind_display(),
        activity.station.name if activity.station_id else "",
        activity.place,
        str(activity.organiser),
        len(invitations),
        len(present),
        _names(present),
        _names(on_leave),
        activity.summary,
        activity.get_status_display(),
        _("yes") if activity.recorded_later else "",
    ]


def _activities_book(user, start, end, station):
    return Book(
        title=_("Activities book"),
        subtitle=period_label(start, end, station),
        columns=ACTIVITY_COLUMNS,
        items=activity_book(user, start, end, station),
        row=_activity_row,
        filename=_("activities-book-%(start)s-%(end)s") % {"start": start, "end": end},
        urls=book_urls("activities:list", "activity_book"),
    )


RECEPTION_COLUMNS = [
    Column(gettext_lazy("Date"), 12),
    Column(gettext_lazy("Kind"), 10),
    Column(gettext_lazy("Station"), 20),
    Column(gettext_lazy("Place"), 16),
    Column(gettext_lazy("Deputies present"), 20),
    Column(gettext_lazy("Officer present"), 10),
    Column(gettext_lazy("Voters met"), 8),
    Column(gettext_lazy("Matters raised"), 50),
    Column(gettext_lazy("Summary"), 40),
]


def _reception_row(visit):
    # Voters' names masked as on the visit's page (VisitEntry.__str__); their phones stay off the book.
    matters = "\n".join(f"{entry}：{entry.raised}" for entry in visit.entries.all())
    return [
        visit.date,
        visit.get_kind_display(),
        visit.station.name,
        visit.place,
        "、".join(deputy.name for deputy in visit.deputies.all()),
        str(visit.officer or ""),
        visit.voters_met,
        matters,
        visit.summary,
    ]


def _receptions_book(user, start, end, station):
    return Book(
        title=_("Receptions book"),
        subtitle=period_label(start, end, station),
        columns=RECEPTION_COLUMNS,
        items=reception_book(user, start, end, station),
        row=_reception_row,
        filename=_("receptions-book-%(start)s-%(end)s") % {"start": start, "end": end},
        urls=book_urls("activities:visits", "reception_book"),
    )


@role_required(manages_network)
def activity_book_view(request, output):
    stations = stations_managed_by(request.user)
    return period_book_response(request, output, _activities_book, stations=stations)


@role_required(manages_network)
def reception_book_view(request, output):
    stations = stations_managed_by(request.user)
    return period_book_response(request, output, _receptions_book, stations=stations)
