"""《代表工作动态》 (seed 004): a month's or a quarter's bulletin of the deputies' work, one function per step.

Generating writes its text sections from the records (sessions' rolls and speeches, duty records) for the
deputies stationed under the bulletin's level of the tree; staff review and edit the sections while it is
a draft, then publish it: to the deputies as a notice (通知群发, liaison/activities/notices.py) and to
一府两院, whose handling units' accounts read the published bulletins of their level (selectors)."""

from collections import Counter, defaultdict
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    Bulletin,
    BulletinEvent,
    BulletinSection,
    DutyKind,
    DutyRecord,
    Seat,
    Speech,
)
from assessments.periods import quarter_period
from deputies.models import Deputy, DeputyGroup
from liaison.activities.notices import notice_create
from liaison.core.access import refuse_unless_committee_staff
from liaison.core.errors import ActionRefused
from liaison.models import Station, Stationing
from liaison.selectors import stations_managed_by

BULLETIN_NEXT = {
    Bulletin.Status.DRAFT: {Bulletin.Status.PUBLISHED},
    Bulletin.Status.PUBLISHED: set(),
}
# Duty kinds a group's highlights name, the most frequent first, at most this many.
HIGHLIGHTS = 5


def bulletin_can_move(bulletin, status):
    return status in BULLETIN_NEXT[bulletin.status]


def bulletin_period(span, year, number):
    if span == Bulletin.Span.QUARTER:
        period = quarter_period(year, number)
        return period.start, period.end
    start = date(year, number, 1)
    return start, (date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)) - timedelta(days=1)


def _stations_under(jurisdiction):
    if jurisdiction is None:
        return Station.objects.all()
    return Station.objects.filter(
        Q(jurisdiction__path__startswith=jurisdiction.path)
        | Q(parent__jurisdiction__path__startswith=jurisdiction.path)
    )


def _deputies_under(jurisdiction):
    stationed = Stationing.objects.filter(
        deputy=OuterRef("pk"), until__isnull=True, station__in=_stations_under(jurisdiction)
    )
    return Deputy.objects.filter(Exists(stationed), is_active=True)


def _sections(bulletin):
    """The sections of a bulletin as the records stand: (heading, text) in order."""
    deputies = _deputies_under(bulletin.jurisdiction)
    seats = list(
        Seat.objects.filter(
            deputy__in=deputies, sitting__starts_on__gte=bulletin.start, sitting__starts_on__lte=bulletin.end
        )
        .select_related("sitting", "deputy")
        .order_by("sitting__starts_on", "sitting_id", "deputy__name_pinyin")
    )
    speeches = list(
        Speech.objects.filter(
            deputy__in=deputies, sitting__starts_on__gte=bulletin.start, sitting__starts_on__lte=bulletin.end
        )
        .select_related("sitting", "deputy")
        .order_by("sitting__starts_on", "pk")
    )
    records = DutyRecord.objects.filter(
        deputy__in=deputies,
        date__gte=bulletin.start,
        date__lte=bulletin.end,
        status=DutyRecord.Status.APPROVED,
    ).values_list("deputy_id", "kind")
    kinds_by_deputy = defaultdict(Counter)
    for deputy_id, kind in records:
        kinds_by_deputy[deputy_id][kind] += 1
    attendance = Counter(seat.attendance for seat in seats)
    sections = [
        (
            _("Overview"),
            _(
                "In %(period)s the deputies took part in %(sittings)s sessions and meetings: present "
                "%(present)s times, on leave %(leave)s, absent %(absent)s; %(speeches)s speeches; "
                "%(records)s duties recorded."
            )
            % {
                "period": bulletin.period_label,
                "sittings": len({seat.sitting_id for seat in seats}),
                "present": attendance[Seat.Attendance.PRESENT],
                "leave": attendance[Seat.Attendance.LEAVE],
                "absent": attendance[Seat.Attendance.ABSENT],
                "speeches": len(speeches),
                "records": sum(sum(kinds.values()) for kinds in kinds_by_deputy.values()),
            },
        )
    ]
    by_sitting = defaultdict(list)
    for seat in seats:
        by_sitting[seat.sitting].append(seat)
    spoken = Counter(speech.sitting_id for speech in speeches)
    lines = []
    for sitting, its_seats in by_sitting.items():
        counts = Counter(seat.attendance for seat in its_seats)
        invited = sum(seat.role == Seat.Role.INVITED for seat in its_seats)
        absent = [str(seat.deputy) for seat in its_seats if seat.attendance == Seat.Attendance.ABSENT]
        line = _(
            "%(title)s (%(date)s): present %(present)s, on leave %(leave)s, absent %(absent)s, sitting in "
            "%(invited)s, speeches %(speeches)s."
        ) % {
            "title": sitting.title,
            "date": sitting.starts_on.isoformat(),
            "present": counts[Seat.Attendance.PRESENT],
            "leave": counts[Seat.Attendance.LEAVE],
            "absent": counts[Seat.Attendance.ABSENT],
            "invited": invited,
            "speeches": spoken[sitting.pk],
        }
        if absent:
            line += " " + _("Absent without leave: %(names)s.") % {"names": "、".join(absent)}
        lines.append(line)
    sections.append((_("Sessions and meetings"), "\n".join(lines) or _("No session or meeting.")))
    sections.extend(_group_sections(bulletin, deputies, seats, speeches, kinds_by_deputy))
    speech_lines = [f"{speech.deputy}：{speech.topic}（{speech.sitting.title}）" for speech in speeches]
    sections.append((_("Speeches"), "\n".join(speech_lines) or _("No speech.")))
    return sections


def _group_sections(bulletin, deputies, seats, speeches, kinds_by_deputy):
    groups = DeputyGroup.objects.filter(station__in=_stations_under(bulletin.jurisdiction)).order_by(
        "kind", "name"
    )
    members = defaultdict(set)
    for group_id, deputy_id in DeputyGroup.members.through.objects.filter(
        deputygroup__in=groups, deputy__in=deputies
    ).values_list("deputygroup_id", "deputy_id"):
        members[group_id].add(deputy_id)
    kinds = dict(DutyKind.choices)
    for group in groups:
        ids = members[group.pk]
        if not ids:
            continue
        counts = Counter(seat.attendance for seat in seats if seat.deputy_id in ids)
        duties = Counter()
        for deputy_id in ids:
            duties.update(kinds_by_deputy.get(deputy_id, {}))
        highlights = "、".join(f"{kinds[kind]} {count}" for kind, count in duties.most_common(HIGHLIGHTS))
        text = _(
            "%(members)s deputies. Sessions and meetings: present %(present)s, on leave %(leave)s, absent "
            "%(absent)s; speeches %(speeches)s."
        ) % {
            "members": len(ids),
            "present": counts[Seat.Attendance.PRESENT],
            "leave": counts[Seat.Attendance.LEAVE],
            "absent": counts[Seat.Attendance.ABSENT],
            "speeches": sum(speech.deputy_id in ids for speech in speeches),
        }
        if highlights:
            text += "\n" + _("Duties done: %(highlights)s.") % {"highlights": highlights}
        yield str(group)[:100], text


def _write_sections(bulletin):
    bulletin.sections.all().delete()
    BulletinSection.objects.bulk_create(
        BulletinSection(bulletin=bulletin, position=position, heading=heading[:100], body=body)
        for position, (heading, body) in enumerate(_sections(bulletin))
    )


@transaction.atomic
def bulletin_generate(*, actor, span, year, number):
    """A draft bulletin of the staff member's level of the tree for a month or a quarter, its sections
    written from the records. A period that has its bulletin is refused: regenerate that one instead."""
    refuse_unless_committee_staff(actor)
    jurisdiction = None if actor.sees_everything else actor.jurisdiction
    if Bulletin.objects.filter(jurisdiction=jurisdiction, span=span, year=year, number=number).exists():
        raise ActionRefused(_("This period already has its bulletin."))
    if (span == Bulletin.Span.QUARTER and not 1 <= number <= 4) or not 1 <= number <= 12:
        raise ActionRefused(_("There is no such month or quarter."))
    start, end = bulletin_period(span, year, number)
    bulletin = Bulletin(
        jurisdiction=jurisdiction,
        span=span,
        year=year,
        number=number,
        start=start,
        end=end,
        created_by=actor,
    )
    bulletin.title = _("Deputies' work bulletin, %(period)s") % {"period": bulletin.period_label}
    bulletin.full_clean()
    bulletin.save()
    _write_sections(bulletin)
    bulletin.events.create(kind=BulletinEvent.Kind.GENERATED, actor=actor)
    return bulletin


def _locked(bulletin):
    return Bulletin.objects.select_for_update(of=("self",)).get(pk=bulletin.pk)


def _refuse_unless_draft(bulletin):
    if not bulletin.is_draft:
        raise ActionRefused(_("A published bulletin can no longer change."))


@transaction.atomic
def bulletin_regenerate(*, bulletin, actor):
    """Write a draft's sections again from the records as they stand now (staff's edits are replaced)."""
    refuse_unless_committee_staff(actor)
    bulletin = _locked(bulletin)
    _refuse_unless_draft(bulletin)
    _write_sections(bulletin)
    bulletin.save(update_fields=["updated_at"])
    bulletin.events.create(kind=BulletinEvent.Kind.GENERATED, actor=actor)
    return bulletin


@transaction.atomic
def bulletin_edit(*, bulletin, actor, title, sections):
    """Staff's review of a draft: its title and its sections as (heading, text), in order."""
    refuse_unless_committee_staff(actor)
    bulletin = _locked(bulletin)
    _refuse_unless_draft(bulletin)
    bulletin.title = title
    bulletin.full_clean()
    bulletin.save(update_fields=["title", "updated_at"])
    bulletin.sections.all().delete()
    BulletinSection.objects.bulk_create(
        BulletinSection(bulletin=bulletin, position=position, heading=heading, body=body)
        for position, (heading, body) in enumerate(sections)
    )
    bulletin.events.create(kind=BulletinEvent.Kind.EDITED, actor=actor)
    return bulletin


def bulletin_text(bulletin):
    return "\n\n".join(f"【{section.heading}】\n{section.body}" for section in bulletin.sections.all())


@transaction.atomic
def bulletin_publish(*, bulletin, actor):
    """Publish a draft: one notice to the deputies of each station of its level of the tree (one to every
    deputy for the whole deployment's), and readable from now on by the deputies and 一府两院."""
    refuse_unless_committee_staff(actor)
    bulletin = _locked(bulletin)
    if not bulletin_can_move(bulletin, Bulletin.Status.PUBLISHED):
        raise ActionRefused(_("This bulletin is already published."))
    body = bulletin_text(bulletin)
    if bulletin.jurisdiction_id is None and actor.sees_everything:
        stations = [None]
    else:
        stations = list(
            stations_managed_by(actor)
            .filter(pk__in=_stations_under(bulletin.jurisdiction).values("pk"), parent__isnull=True)
            .order_by("name")
        )
    notices = []
    for station in stations:
        try:
            notices.append(notice_create(actor=actor, title=bulletin.title[:100], body=body, station=station))
        except ValidationError:  # a station with no serving deputy: nobody to send it to
            continue
    bulletin.notices.set(notices)
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.published_at = timezone.now()
    bulletin.published_by = actor
    bulletin.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    note = _("%(count)s notices to the deputies") % {"count": len(notices)}
    bulletin.events.create(kind=BulletinEvent.Kind.PUBLISHED, actor=actor, note=note)
    return bulletin
