"""Sessions and standing-committee meetings, one function per step: recording one, its roll (on one page or
from a workbook), the deputies invited to sit in (列席) by topic, and the speeches (seeds 002, 003, 004).

Every step that changes who was there re-derives the duty records of the sitting's days at once
(assessments.derivation: by source key, so saving again changes nothing and a changed roll changes its
records in place). Only staff record sittings: the roll is the committee's own record, not evidence."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.derivation import derive
from assessments.models import DutyRecord, Seat, Sitting, SittingEvent, Speech
from assessments.periods import Period
from assessments.rules import year_is_frozen
from deputies.models import Level, Mandate
from deputies.selectors import deputies_visible_to
from liaison.core.access import refuse_unless_committee_staff
from liaison.core.errors import ActionRefused
from liaison.core.imports import Column, by_name, choice, known, problems_of, read_cells, rows_of

SOURCES = {DutyRecord.Source.SITTING, DutyRecord.Source.SPEECH}

ROLL_COLUMNS = [
    Column("deputy", gettext_lazy("Deputy"), required=True, example="张三"),
    Column("attendance", gettext_lazy("Attendance"), required=True, example="出席"),
    Column("topic", gettext_lazy("Sits in on (topic)"), example=""),
]
# What staff type in a roll besides the choices' own labels (出席 / 请假 / 缺席).
ATTENDANCE_ALIASES = {
    "到会": Seat.Attendance.PRESENT,
    "未到": Seat.Attendance.ABSENT,
    "缺会": Seat.Attendance.ABSENT,
}


@dataclass(frozen=True)
class RollEntry:
    deputy: object
    attendance: str
    role: str = Seat.Role.MEMBER
    topic: str = ""


def _refuse(sitting, actor):
    refuse_unless_committee_staff(actor)
    if year_is_frozen(sitting.starts_on.year):
        raise ActionRefused(
            _("The results of %(year)s are frozen; its records can no longer change.")
            % {"year": sitting.starts_on.year}
        )


def _rederive(*days):
    days = [day for day in days if day]
    derive(Period(min(days), max(days)), sources=SOURCES)


def _locked(sitting):
    return Sitting.objects.select_for_update(of=("self",)).get(pk=sitting.pk)


def eligible_deputies(sitting, actor):
    """The deputies a sitting's roll may name: those the staff member sees who hold a mandate of the
    sitting's level on its first day."""
    day = sitting.starts_on
    mandates = Mandate.objects.filter(level=sitting.level).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=day), Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )
    return deputies_visible_to(actor).filter(pk__in=mandates.values("deputy_id"))


@transaction.atomic
def sitting_record(*, actor, **fields):
    """Record a session or meeting; staff of a jurisdiction record those of their own level of the tree."""
    sitting = Sitting(created_by=actor, **fields)
    if not actor.sees_everything:
        sitting.jurisdiction_id = actor.jurisdiction_id
    _refuse(sitting, actor)
    sitting.full_clean()
    sitting.save()
    sitting.events.create(kind=SittingEvent.Kind.RECORDED, actor=actor)
    return sitting


@transaction.atomic
def sitting_change(*, sitting, actor, **fields):
    """Change a sitting's title, dates or kind; its deputies' records follow (a moved date moves them)."""
    sitting = _locked(sitting)
    before = sitting.starts_on
    _refuse(sitting, actor)
    for name, value in fields.items():
        setattr(sitting, name, value)
    _refuse(sitting, actor)
    sitting.full_clean()
    sitting.save()
    sitting.events.create(kind=SittingEvent.Kind.CHANGED, actor=actor)
    _rederive(before, sitting.starts_on)
    return sitting


def roll_check(sitting, actor, entries):
    """The problems of a roll before anything is written, as (row, message): a deputy not of the sitting's
    level (or not one of the staff member's) is refused with the row named."""
    eligible = set(eligible_deputies(sitting, actor).values_list("pk", flat=True))
    level = Level(sitting.level).label
    problems, seen = [], {}
    for number, entry in entries:
        if entry.deputy.pk not in eligible:
            problems.append(
                (
                    number,
                    _("%(deputy)s is not a deputy of the %(level)s level under your jurisdiction")
                    % {"deputy": entry.deputy, "level": level},
                )
            )
        if entry.deputy.pk in seen:
            problems.append(
                (
                    number,
                    _("%(deputy)s is already in row %(row)s")
                    % {"deputy": entry.deputy, "row": seen[entry.deputy.pk]},
                )
            )
        seen.setdefault(entry.deputy.pk, number)
    return problems


def _write_roll(sitting, entries, *, replace):
    seats = {seat.deputy_id: seat for seat in sitting.seats.all()}
    wanted = {entry.deputy.pk: entry for entry in entries}
    to_create, to_update = [], []
    for deputy_id, entry in wanted.items():
        seat = seats.get(deputy_id)
        if seat is None:
            to_create.append(
                Seat(
                    sitting=sitting,
                    deputy_id=deputy_id,
                    attendance=entry.attendance,
                    role=entry.role,
                    topic=entry.topic[:100],
                )
            )
        elif (seat.attendance, seat.role, seat.topic) != (entry.attendance, entry.role, entry.topic[:100]):
            seat.attendance, seat.role, seat.topic = entry.attendance, entry.role, entry.topic[:100]
            to_update.append(seat)
    Seat.objects.bulk_create(to_create)
    Seat.objects.bulk_update(to_update, ["attendance", "role", "topic"])
    removed = [seat.pk for deputy_id, seat in seats.items() if deputy_id not in wanted] if replace else []
    Seat.objects.filter(pk__in=removed).delete()
    return len(to_create), len(to_update), len(removed)


@transaction.atomic
def sitting_roll_save(*, sitting, actor, entries):
    """Save the whole roll as entered on one page: `entries` are RollEntry for every deputy on it; a deputy
    left out is taken off (with their record). Raises ActionRefused naming the rows a roll may not hold."""
    sitting = _locked(sitting)
    _refuse(sitting, actor)
    problems = roll_check(sitting, actor, list(enumerate(entries, 1)))
    if problems:
        raise ActionRefused("；".join(message for _number, message in problems))
    created, updated, removed = _write_roll(sitting, entries, replace=True)
    note = _("%(added)s added, %(changed)s changed, %(removed)s taken off") % {
        "added": created,
        "changed": updated,
        "removed": removed,
    }
    sitting.events.create(kind=SittingEvent.Kind.ROLL_SAVED, actor=actor, note=note)
    _rederive(sitting.starts_on)
    return created, updated, removed


def roll_rows(sitting, actor, data):
    """The rows of a roll workbook, checked: every bad row named (liaison.core.imports.ImportProblems)
    before anything is written. Names are matched among all the deputies the staff member sees, so that a
    deputy of another level is refused as such, not as unknown."""
    rows = rows_of(read_cells(data), ROLL_COLUMNS)
    labels = {column.key: str(column.label) for column in ROLL_COLUMNS}
    deputies = by_name(deputies_visible_to(actor), lambda deputy: deputy.name)
    for row in rows:
        values = row.values
        for key in ("deputy", "attendance"):
            if not values.get(key):
                row.errors.append(_("the %(column)s is missing") % {"column": labels[key]})
        values["deputy"] = known(deputies, values.get("deputy"), row, labels["deputy"])
        values["attendance"] = choice(
            values.get("attendance"), Seat.Attendance.choices, row, labels["attendance"], ATTENDANCE_ALIASES
        )
    checked = [
        (row.number, _entry(row.values)) for row in rows if row.values["deputy"] and row.values["attendance"]
    ]
    by_number = {row.number: row for row in rows}
    for number, message in roll_check(sitting, actor, checked):
        by_number[number].errors.append(message)
    problems_of(rows)
    return [entry for _number, entry in checked]


def _entry(values):
    topic = values.get("topic") or ""
    role = Seat.Role.INVITED if topic else Seat.Role.MEMBER
    return RollEntry(values["deputy"], values["attendance"], role, topic)


@transaction.atomic
def sitting_roll_import(*, sitting, actor, data, filename=""):
    """Bring in a roll from Excel: the deputies it names are put on the roll or changed, the others kept.
    Nothing is written when any row has a problem (ImportProblems lists them all)."""
    sitting = _locked(sitting)
    _refuse(sitting, actor)
    entries = roll_rows(sitting, actor, data)
    created, updated, _removed = _write_roll(sitting, entries, replace=False)
    note = _("%(added)s added, %(changed)s changed from “%(file)s”") % {
        "added": created,
        "changed": updated,
        "file": filename,
    }
    sitting.events.create(kind=SittingEvent.Kind.ROLL_IMPORTED, actor=actor, note=note[:300])
    _rederive(sitting.starts_on)
    return created, updated


@transaction.atomic
def sitting_invite(*, sitting, actor, deputies, topic):
    """Invite deputies to sit in (列席) on a topic (seed 002); those already seated keep their seat."""
    sitting = _locked(sitting)
    _refuse(sitting, actor)
    seated = set(sitting.seats.values_list("deputy_id", flat=True))
    entries = [RollEntry(deputy, Seat.Attendance.PRESENT, Seat.Role.INVITED, topic) for deputy in deputies]
    entries = [entry for entry in entries if entry.deputy.pk not in seated]
    problems = roll_check(sitting, actor, list(enumerate(entries, 1)))
    if problems:
        raise ActionRefused("；".join(message for _number, message in problems))
    created, _updated, _removed = _write_roll(sitting, entries, replace=False)
    note = f"{topic} · {', '.join(str(entry.deputy) for entry in entries)}"
    sitting.events.create(kind=SittingEvent.Kind.INVITED, actor=actor, note=note[:300])
    _rederive(sitting.starts_on)
    return created


@transaction.atomic
def speech_add(*, sitting, actor, deputy, topic, text=""):
    """A speech by a deputy present at the sitting; one not present there cannot have spoken."""
    sitting = _locked(sitting)
    _refuse(sitting, actor)
    if not sitting.seats.filter(deputy=deputy, attendance=Seat.Attendance.PRESENT).exists():
        raise ActionRefused(_("%(deputy)s is not present on this roll.") % {"deputy": deputy})
    speech = Speech.objects.create(sitting=sitting, deputy=deputy, topic=topic, text=text)
    sitting.events.create(kind=SittingEvent.Kind.SPEECH_ADDED, actor=actor, note=f"{deputy} · {topic}"[:300])
    _rederive(sitting.starts_on)
    return speech


@transaction.atomic
def speech_remove(*, speech, actor):
    sitting = _locked(speech.sitting)
    _refuse(sitting, actor)
    speech.delete()
    note = f"{speech.deputy} · {speech.topic}"[:300]
    sitting.events.create(kind=SittingEvent.Kind.SPEECH_REMOVED, actor=actor, note=note)
    _rederive(sitting.starts_on)
