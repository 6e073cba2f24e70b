"""Commendations (评先选优, seeds 000, 001, 004): nominate, then select or not, one function each.

An officer nominates for their station (the station itself, a deputy stationed there, a suggestion of one of
its deputies); staff nominate any kind under their level, handling units of merit too. Staff who see the
nominee decide: selected, or not selected with the reason. Decisions may be reconsidered until the year's
results are published (assessments.services.results_publish); from then on the year's commendations are
what the public board shows and stand as they are."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import Commendation, CommendationEvent
from assessments.rules import year_ruleset
from liaison.core.access import refuse_unless_committee_staff
from liaison.core.errors import ActionRefused

Kind = Commendation.Kind
Status = Commendation.Status

# The one table of moves: the services check it, the pages read it for their buttons.
COMMENDATION_NEXT = {
    Status.NOMINATED: {Status.SELECTED, Status.NOT_SELECTED},
    Status.SELECTED: {Status.NOT_SELECTED},
    Status.NOT_SELECTED: {Status.SELECTED},
}
EVENT_OF = {
    Status.SELECTED: CommendationEvent.Kind.SELECTED,
    Status.NOT_SELECTED: CommendationEvent.Kind.NOT_SELECTED,
}
# The field that holds the nominee of each kind.
NOMINEE_FIELD = {
    Kind.DEPUTY: "deputy",
    Kind.STATION: "station",
    Kind.SUGGESTION: "suggestion",
    Kind.UNIT: "unit",
}
# Officers nominate for their station; handling units are judged by the staff who assign to them.
OFFICER_KINDS = (Kind.DEPUTY, Kind.STATION, Kind.SUGGESTION)


def kinds_nominated_by(user):
    if user.is_committee_staff:
        return list(Kind)
    if user.is_officer:
        return list(OFFICER_KINDS)
    return []


def year_is_published(year):
    return year_ruleset(year).filter(published_at__isnull=False).exists()


def decisions_for(user, commendation, *, published=None):
    """The decisions `user` may take on `commendation` now, in the table's order (the page's buttons)."""
    if not user.is_committee_staff:
        return []
    if published is None:
        published = year_is_published(commendation.year)
    if published:
        return []
    return [
        status
        for status in (Status.SELECTED, Status.NOT_SELECTED)
        if status in COMMENDATION_NEXT[commendation.status]
    ]


def _refuse_published(year):
    if year_is_published(year):
        raise ActionRefused(
            _("The results of %(year)s are published: its commendations stand as they are.") % {"year": year}
        )


@transaction.atomic
def commendation_nominate(*, year, kind, nominee, actor, reason=""):
    """Nominate `nominee` (a deputy, station, suggestion or handling unit, by `kind`) for the year."""
    if kind not in kinds_nominated_by(actor):
        raise ActionRefused(_("You may not nominate for this commendation."))
    if year > timezone.localdate().year:
        raise ActionRefused(_("A year's commendations are nominated once the year has begun."))
    _refuse_published(year)
    field = NOMINEE_FIELD[kind]
    if Commendation.objects.filter(year=year, kind=kind, **{field: nominee}).exists():
        raise ActionRefused(
            _("%(nominee)s is already nominated for %(year)s.") % {"nominee": nominee, "year": year}
        )
    try:
        with transaction.atomic():
            commendation = Commendation.objects.create(
                year=year, kind=kind, reason=reason, nominated_by=actor, **{field: nominee}
            )
    except IntegrityError:  # nominated at the same moment by someone else
        raise ActionRefused(
            _("%(nominee)s is already nominated for %(year)s.") % {"nominee": nominee, "year": year}
        ) from None
    commendation.events.create(kind=CommendationEvent.Kind.NOMINATED, actor=actor, note=reason[:300])
    return commendation


def _decide(commendation, status, actor, note):
    refuse_unless_committee_staff(actor)
    commendation = Commendation.objects.select_for_update().get(pk=commendation.pk)
    if status not in COMMENDATION_NEXT[commendation.status]:
        raise ActionRefused(
            _("This nomination is already %(status)s.") % {"status": commendation.get_status_display()}
        )
    _refuse_published(commendation.year)
    commendation.status = status
    commendation.decision_note = note[:300]
    commendation.decided_by, commendation.decided_at = actor, timezone.now()
    commendation.save(update_fields=["status", "decision_note", "decided_by", "decided_at", "updated_at"])
    commendation.events.create(kind=EVENT_OF[status], actor=actor, note=note[:300])
    return commendation


@transaction.atomic
def commendation_select(*, commendation, actor, note=""):
    """Staff select the nominee (seed 000: 评选出的"优秀人大代表"、"优秀代表提案")."""
    return _decide(commendation, Status.SELECTED, actor, note)


@transaction.atomic
def commendation_decline(*, commendation, actor, note):
    """Staff do not select the nominee, and say why."""
    if not note.strip():
        raise ActionRefused(_("Say why the nominee is not selected."))
    return _decide(commendation, Status.NOT_SELECTED, actor, note.strip())


@transaction.atomic
def excellent_mark(*, year, deputy, actor, selected):
    """The results page's shortcut for a candidate by the scores: nominate and select in one step, or take
    the selection back."""
    refuse_unless_committee_staff(actor)
    commendation = Commendation.objects.filter(year=year, kind=Kind.DEPUTY, deputy=deputy).first()
    if selected:
        if commendation is None:
            commendation = commendation_nominate(
                year=year,
                kind=Kind.DEPUTY,
                nominee=deputy,
                actor=actor,
                reason=_("A candidate by the year's scores."),
            )
        if commendation.status != Status.SELECTED:
            commendation = commendation_select(commendation=commendation, actor=actor)
    elif commendation is not None and commendation.status == Status.SELECTED:
        commendation = commendation_decline(
            commendation=commendation, actor=actor, note=_("Unmarked on the year's results.")
        )
    return commendation
