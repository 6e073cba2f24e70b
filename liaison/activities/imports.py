"""Last years' activities with their attendance from a station's Excel book (issue 15): the template's
columns, each row's checks, and its writing through liaison/activities/imported.py. The plumbing (reading,
formulas, problems, the job and its progress) is liaison/core/imports.py and liaison/imports."""

import re
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import deputies_visible_to
from liaison.activities.imported import activity_import
from liaison.activities.models import Activity, Invitation
from liaison.core.imports import Column, by_name, choice, known, parse_date
from liaison.selectors import stations_visible_to

LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
# "9:00", "09:00:00", or the time of a date-and-time cell (Excel keeps a bare time on 1899-12-30).
TIME_TEXT = re.compile(r"(?:\S+\s+)?(\d{1,2})[:：](\d{2})(?:[:：]\d{2})?")
# A book that gives only the day: the hours of a usual half-day reception.
DEFAULT_START, DEFAULT_LENGTH = time(9), timedelta(hours=2, minutes=30)
KIND_ALIASES = {"接待日": Activity.Kind.RECEPTION, "代表接待日": Activity.Kind.RECEPTION}
ATTENDANCE_COLUMNS = {
    "present": Invitation.Attendance.PRESENT,
    "leave": Invitation.Attendance.LEAVE,
    "absent": Invitation.Attendance.ABSENT,
}


class ActivityImporter:
    kind = "activities"
    title = _("activities")
    task = "activities.import_activities"
    columns = [
        Column("station", _("Station"), required=True, example="幸福社区代表联络站"),
        Column("kind", _("Kind"), required=True, example="接待选民日"),
        Column("date", _("Date"), required=True, example="2025-03-08"),
        Column("starts", _("From"), example="09:00"),
        Column("ends", _("Until"), example="11:30"),
        Column("title", _("Title"), example=""),
        Column("place", _("Place"), example=""),
        Column("present", _("Deputies present"), example="张三、王五"),
        Column("leave", _("Deputies on leave"), example=""),
        Column("absent", _("Deputies absent"), example=""),
        Column("voters", _("Voters received"), example=12),
        Column("summary", _("Summary"), example="接待选民12人次，收集意见5条"),
    ]

    def check(self, rows, *, actor, params):
        period = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
        stations = by_name(stations_visible_to(actor), lambda station: station.name)
        deputies = by_name(deputies_visible_to(actor), lambda deputy: deputy.name)
        labels = {column.key: str(column.label) for column in self.columns}
        for row in rows:
            self._check_row(row, labels, period, stations, deputies)
        self._check_duplicates(rows)

    def _check_row(self, row, labels, period, stations, deputies):
        values, errors = row.values, row.errors
        for key in ("station", "kind", "date"):
            if not values.get(key):
                errors.append(_("the %(column)s is missing") % {"column": labels[key]})
        values["station"] = known(stations, values.get("station"), row, labels["station"])
        values["kind"] = choice(values.get("kind"), Activity.Kind.choices, row, labels["kind"], KIND_ALIASES)
        day = parse_date(values.get("date"), row, labels["date"], start=period[0], end=period[1])
        starts = _time(values.get("starts"), row, labels["starts"]) or DEFAULT_START
        values["starts_at"] = timezone.make_aware(datetime.combine(day, starts)) if day else None
        ends = _time(values.get("ends"), row, labels["ends"])
        if values["starts_at"]:
            values["ends_at"] = (
                timezone.make_aware(datetime.combine(day, ends))
                if ends
                else values["starts_at"] + DEFAULT_LENGTH
            )
            if values["ends_at"] <= values["starts_at"]:
                errors.append(_("it ends before it starts"))
            if values["starts_at"] > timezone.now():
                errors.append(_("it has not taken place yet"))
        values["attendance"] = self._attendance(row, labels, deputies)
        values["voters"] = _count(values.get("voters"), row, labels["voters"])
        if values["voters"] is not None and values["kind"] and values["kind"] != Activity.Kind.RECEPTION:
            errors.append(_("voters received are recorded for a reception day only"))
        for key, limit in (("title", 200), ("place", 200)):
            if len(values.get(key) or "") > limit:
                errors.append(
                    _("the %(column)s is longer than %(limit)s characters")
                    % {"column": labels[key], "limit": limit}
                )

    def _attendance(self, row, labels, deputies):
        """{deputy: attendance} from the three columns of names; a deputy named twice is a problem."""
        attendance, where = {}, {}
        for key, value in ATTENDANCE_COLUMNS.items():
            for name in LIST_SEPARATORS.split(row.values.get(key) or ""):
                deputy = known(deputies, name, row, labels[key]) if name else None
                if deputy is None:
                    continue
                if deputy in attendance:
                    row.errors.append(
                        _("%(name)s is named both in “%(one)s” and in “%(other)s”")
                        % {"name": name, "one": labels[where[deputy]], "other": labels[key]}
                    )
                attendance[deputy], where[deputy] = value, key
        if not attendance and not any(row.values.get(key) for key in ATTENDANCE_COLUMNS):
            row.errors.append(_("the attendance is missing: name the deputies present, on leave or absent"))
        return attendance

    def _check_duplicates(self, rows):
        """The same station, start and kind: once in the file, and not already recorded (a cancelled
        activity was not held and does not stand in the way)."""
        keyed = {}
        for row in rows:
            values = row.values
            if not (values.get("station") and values.get("starts_at") and values.get("kind")):
                continue
            key = (values["station"].pk, values["starts_at"], values["kind"])
            if key in keyed:
                row.errors.append(_("the same activity as row %(row)s") % {"row": keyed[key].number})
            else:
                keyed[key] = row
        if not keyed:
            return
        recorded = Activity.objects.filter(
            station__in={key[0] for key in keyed},
            starts_at__gte=min(key[1] for key in keyed),
            starts_at__lte=max(key[1] for key in keyed),
        ).exclude(status=Activity.Status.CANCELLED)
        for key in recorded.values_list("station_id", "starts_at", "kind"):
            row = keyed.get(key)
            if row is not None:
                row.errors.append(_("this activity is already recorded (same station, start and kind)"))

    def write(self, row, *, actor, job):
        values = row.values
        station, kind = values["station"], values["kind"]
        return activity_import(
            actor=actor,
            filename=job.filename,
            station=station,
            kind=kind,
            title=values.get("title") or f"{station.name} {Activity.Kind(kind).label}",
            starts_at=values["starts_at"],
            ends_at=values["ends_at"],
            place=values.get("place") or station.address or station.name,
            attendance=values["attendance"],
            voters_received=values["voters"],
            summary=values.get("summary") or "",
        )


def _time(text, row, label):
    if not text:
        return None
    match = TIME_TEXT.fullmatch(str(text).strip())
    try:
        return time(*(int(part) for part in match.groups()))
    except (AttributeError, ValueError):  # no match, or 25:00
        row.errors.append(_("“%(value)s” in “%(column)s” is not a time") % {"value": text, "column": label})
        return None


def _count(text, row, label):
    if text in ("", None):
        return None
    if not str(text).isdigit():
        row.errors.append(_("“%(value)s” in “%(column)s” is not a number") % {"value": text, "column": label})
        return None
    return int(text)


ACTIVITIES = ActivityImporter()
