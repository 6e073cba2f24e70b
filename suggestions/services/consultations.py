"""The monthly consultation (会商, seed 001), one function per step: the officer opens the month's meeting (an
activity of its stationed deputies, with the agenda drawn from the opinions not routed yet), may draw the
agenda again, and applies the meeting's decisions in one step through the triage services the triage page
uses. Attendance and the minutes are the activity's (liaison.activities.services)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deputies.models import Deputy, Level
from liaison.activities.models import Activity
from liaison.activities.services import activity_create
from liaison.core.errors import ActionRefused
from liaison.models import Station
from suggestions.models import Consultation, ConsultationEvent, ConsultationItem
from suggestions.selectors import agenda_opinions, consultation_deputies
from suggestions.services.proposals import suggestion_from_opinions
from suggestions.transitions import consultation_check
from voters.models import Opinion, Route
from voters.services.steps import HIGHER_LEVELS, opinion_triage

# What the meeting decides for an opinion: solved at once with the community committee, the street office,
# a deputy's suggestion or letter, or the deputies of a higher level (seed 001: 由不同层级的人大代表分别提出建议).
# Not accepting one, or answering on the spot, takes a reply to the voter: that is the triage page's.
DECISION_ROUTES = (Route.STATION, Route.STREET_OFFICE, Route.SUGGESTION, Route.HIGHER_LEVEL)


@dataclass
class Decision:
    item: ConsultationItem
    route: str = ""  # empty: left for next month's meeting
    level: str = ""
    lead_deputy: Deputy | None = None
    partner: str = ""


def month_label(month):
    return date_format(month, "YEAR_MONTH_FORMAT")


def _draw(consultation):
    ConsultationItem.objects.bulk_create(
        ConsultationItem(
            consultation=consultation, opinion=opinion, drawn_status=opinion.status, drawn_route=opinion.route
        )
        for opinion in agenda_opinions(consultation.station, consultation.month)
    )
    return consultation.items.count()


def _event(consultation, kind, actor, note=""):
    return ConsultationEvent.objects.create(consultation=consultation, kind=kind, actor=actor, note=note)


@transaction.atomic
def consultation_open(*, station, month, actor, starts_at, ends_at, place):
    """The month's meeting of a liaison station, its stationed deputies (and those of its points) invited."""
    month = month.replace(day=1)
    if station.kind != Station.Kind.STATION:
        raise ValidationError({"station": _("Hold the meeting at a liaison station: its points sit in it.")})
    # Lock the station's row, so that two officers opening the same month cannot both succeed.
    Station.objects.select_for_update().filter(pk=station.pk).first()
    existing = Consultation.objects.filter(station=station, month=month).first()
    if existing is not None:
        raise ActionRefused(
            _("%(station)s already has its meeting for %(month)s.")
            % {"station": station, "month": month_label(month)}
        )
    activity = activity_create(
        actor=actor,
        deputies=consultation_deputies(station),
        kind=Activity.Kind.CONSULTATION,
        title=(
            _("%(station)s monthly consultation, %(month)s")
            % {"station": station, "month": month_label(month)}
        )[:200],
        station=station,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
    )
    consultation = Consultation.objects.create(station=station, month=month, activity=activity)
    count = _draw(consultation)
    _event(consultation, ConsultationEvent.Kind.DRAWN, actor, _("%(count)s opinions") % {"count": count})
    return consultation


def _locked(consultation):
    return (
        Consultation.objects.select_for_update(of=("self",))
        .select_related("activity")
        .get(pk=consultation.pk)
    )


@transaction.atomic
def consultation_redraw(*, consultation, actor):
    """Draw the agenda again from the opinions as they are now (one routed meanwhile drops out, a new one
    comes in); nothing was decided yet, so nothing is lost."""
    locked = _locked(consultation)
    consultation_check(locked, "redraw")
    locked.items.all().delete()
    count = _draw(locked)
    locked.drawn_at = timezone.now()
    locked.save(update_fields=["drawn_at", "updated_at"])
    _event(locked, ConsultationEvent.Kind.REDRAWN, actor, _("%(count)s opinions") % {"count": count})
    return locked


def _check_decisions(consultation, decisions):
    """Every decision's errors, each naming its opinion, before anything is applied."""
    invited = set(consultation.activity.invitations.values_list("deputy_id", flat=True))
    errors = []
    for decision in decisions:
        opinion, code = decision.item.opinion, decision.item.opinion.tracking_code
        if decision.item.consultation_id != consultation.pk:
            errors.append(_("%(code)s is not on this meeting's agenda.") % {"code": code})
        elif decision.route not in DECISION_ROUTES:
            errors.append(_("%(code)s: choose what the meeting decided.") % {"code": code})
        elif decision.route == Route.HIGHER_LEVEL and decision.level not in HIGHER_LEVELS:
            errors.append(_("%(code)s: choose the level that takes it up: city or higher.") % {"code": code})
        elif (
            decision.route == Route.SUGGESTION and decision.lead_deputy is None and opinion.deputy_id is None
        ):
            errors.append(_("%(code)s: choose the deputy who raises the suggestion.") % {"code": code})
        elif decision.lead_deputy is not None and decision.lead_deputy.pk not in invited:
            errors.append(
                _("%(code)s: %(deputy)s does not sit in this meeting.")
                % {"code": code, "deputy": decision.lead_deputy}
            )
    if errors:
        raise ValidationError(errors)


def _routed_meanwhile(item, opinion):
    if opinion.status == item.drawn_status and opinion.route == item.drawn_route:
        return ""
    return _(
        "%(code)s was routed elsewhere since the agenda was drawn (now “%(status)s”, %(route)s): not applied."
    ) % {
        "code": opinion.tracking_code,
        "status": opinion.get_status_display(),
        "route": opinion.get_route_display() or "—",
    }


@transaction.atomic
def consultation_decide(*, consultation, decisions, actor):
    """Apply the meeting's decisions in one step, each through the triage services (voters.services.steps,
    and suggestion_from_opinions for a suggestion). A decision that is wrong refuses the whole, naming the
    opinion. An opinion routed elsewhere since the agenda was drawn is left as it is and named in
    `item.refusal`; the others are applied. Opinions without a decision stay for next month's meeting.
    Returns (applied items, refused items)."""
    locked = _locked(consultation)
    consultation_check(locked, "decide")
    decisions = [decision for decision in decisions if decision.route]
    _check_decisions(locked, decisions)
    # Lock the opinions in a fixed order, as a triage locks each one.
    ids = [decision.item.opinion_id for decision in decisions]
    opinions = {o.pk: o for o in Opinion.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    note = _("Monthly consultation, %(month)s") % {"month": month_label(locked.month)}
    now = timezone.now()
    applied, refused = [], []
    for decision in decisions:
        item, opinion = decision.item, opinions[decision.item.opinion_id]
        item.route, item.level, item.partner = decision.route, decision.level, decision.partner
        item.lead_deputy = decision.lead_deputy
        item.refusal = _routed_meanwhile(item, opinion)
        if item.refusal:
            refused.append(item)
        else:
            _apply(item, opinion, actor, note)
            item.applied_at = now
            applied.append(item)
        item.save(
            update_fields=["route", "level", "partner", "lead_deputy", "refusal", "applied_at", "suggestion"]
        )
    locked.status = Consultation.Status.DECIDED
    locked.decided_at = now
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    summary = _("%(applied)s applied, %(refused)s routed elsewhere meanwhile") % {
        "applied": len(applied),
        "refused": len(refused),
    }
    _event(locked, ConsultationEvent.Kind.DECIDED, actor, summary)
    consultation.status, consultation.decided_at = locked.status, locked.decided_at
    return applied, refused


def _apply(item, opinion, actor, note):
    if item.lead_deputy is not None:
        note = " · ".join([note, _("led by %(deputy)s") % {"deputy": item.lead_deputy}])
    if item.route == Route.SUGGESTION:
        item.suggestion = suggestion_from_opinions(
            opinions=[opinion],
            lead_deputy=item.lead_deputy,
            actor=actor,
            note=note,
            suggested_level=item.level,
            partner=item.partner,
        )
        return
    forwarded = {}
    if item.route == Route.HIGHER_LEVEL:
        # A forward names who receives it (voters.services.steps): whom the meeting named, or else the
        # standing committee of the level it chose.
        forwarded["forwarded_to_body"] = item.partner or _(
            "Standing committee of the %(level)s people's congress"
        ) % {"level": Level(item.level).label}
    opinion_triage(
        opinion=opinion,
        route=item.route,
        actor=actor,
        note=note,
        partner=item.partner,
        suggested_level=item.level,
        **forwarded,
    )
