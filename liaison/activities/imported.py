"""An activity of past years brought in from a station's Excel book (issue 15): a held activity recorded
after the fact (补录), through the same steps as one recorded by hand (activity_create, then its attendance,
voters received and summary), so it counts wherever a held activity does, and marked "imported" with the
file's name in its timeline. Never published: nobody is told or reminded."""

from django.db import transaction
from django.utils.translation import gettext as _

from liaison.activities.models import Activity, ActivityEvent
from liaison.activities.services import (
    activity_create,
    attendance_record,
    reception_voters_record,
    summary_record,
)


@transaction.atomic
def activity_import(
    *,
    actor,
    filename,
    station,
    kind,
    title,
    starts_at,
    ends_at,
    place,
    attendance,
    voters_received=None,
    summary="",
):
    """`attendance` maps each deputy the book names to present / leave / absent (at least one: recording
    who came is what makes the activity held)."""
    activity = activity_create(
        actor=actor,
        deputies=list(attendance),
        station=station,
        kind=kind,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
    )
    invitations = dict(activity.invitations.values_list("deputy_id", "pk"))
    attendance_record(
        activity=activity,
        actor=actor,
        attendance={invitations[deputy.pk]: value for deputy, value in attendance.items()},
    )
    if kind == Activity.Kind.RECEPTION and voters_received is not None:
        reception_voters_record(activity=activity, actor=actor, count=voters_received)
    if summary:
        summary_record(activity=activity, actor=actor, summary=summary)
    note = _("Imported from “%(file)s”") % {"file": filename}
    activity.events.create(kind=ActivityEvent.Kind.IMPORTED, actor=actor, note=note[:300])
    activity.refresh_from_db()
    return activity
