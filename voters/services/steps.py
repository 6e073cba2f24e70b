"""The steps of an opinion once it is in (seed 004: 分办、办理、反馈、办结): triage by jurisdiction, handling,
the return visit that tells the voter, closing; withdrawing a mistaken entry, merging a duplicate, adding
files. Each locks the row, checks the step against the opinion's table (voters/transitions.py), saves, and
writes the timeline event in the same transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from deputies.models import Level
from liaison.activities.services import stationed_deputies
from liaison.core.errors import ActionRefused
from voters.models import (
    HIGHER_LEVELS,
    MediationOutcome,
    Opinion,
    OpinionEvent,
    ReturnVisit,
    Route,
    Satisfaction,
)
from voters.selectors import guests_of_opinion_day
from voters.services.intake import attachment_store
from voters.transitions import opinion_actions, opinion_check

Status = Opinion.Status
Kind = OpinionEvent.Kind


def _event(opinion, kind, actor, from_status, note=""):
    return OpinionEvent.objects.create(
        opinion=opinion,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=opinion.status,
        note=note,
    )


def _locked(opinion):
    return Opinion.objects.select_for_update().get(pk=opinion.pk)


def _sync(target, source):
    """Copy the saved row back onto the caller's instance, so callers keep working with fresh values."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


@transaction.atomic
def attachment_add(*, opinion, upload, actor):
    opinion = _locked(opinion)
    opinion_check(opinion, "attach")
    attachment = attachment_store(opinion=opinion, upload=upload, actor=actor)
    _event(opinion, Kind.ATTACHED, actor, opinion.status, note=attachment.original_name)
    return attachment


@transaction.atomic
def opinion_triage(
    *,
    opinion,
    route,
    actor,
    note="",
    reply="",
    refusal_reason="",
    partner="",
    handling_unit=None,
    suggested_level="",
    category=None,
    seen=None,
    mediators=(),
    forwarded_to_deputy=None,
    forwarded_to_body="",
    reception_guest=None,
):
    """Route an opinion by jurisdiction (seed 004). It may be re-routed while it is still being handled.

    `seen` is the opinion's version (`updated_at`) the triage form was opened at: when someone else changed
    it since (two officers routing it at once), the step is refused, saying who did what, and nothing is
    overwritten.

    The mediation route names the station's deputies who mediate (`mediators`); the higher level's route names
    who receives it, a deputy of that level (`forwarded_to_deputy`) or a body (`forwarded_to_body`); the
    guest's office route names the guest of the joint reception day the opinion was taken at. Each route's
    fields are cleared when another route is chosen.

    The suggestion route only records the route here: the draft suggestion is the suggestions app's, which
    opens it and triages through this function (suggestions.services.proposals.suggestion_from_opinions)."""
    locked = _locked(opinion)
    opinion_check(locked, "triage")
    if seen is not None and locked.updated_at != seen:
        raise ActionRefused(_changed_message(locked), code="changed")
    if route not in Route.values:
        raise ValidationError(_("Choose a route."), code="route")
    errors = {}
    if route == Route.NOT_ACCEPTED:
        if not refusal_reason:
            errors["refusal_reason"] = _("Say why the opinion is not accepted.")
        if not reply.strip():
            errors["reply"] = _("Write what the voter will be told, including where to take the matter.")
    if route == Route.ON_THE_SPOT and not reply.strip():
        errors["reply"] = _("Write the answer the voter was given.")
    if route == Route.HIGHER_LEVEL:
        forwarded_to_body = forwarded_to_body.strip()
        errors.update(_forward_errors(suggested_level, forwarded_to_deputy, forwarded_to_body))
    if route == Route.MEDIATION:
        mediators = list(mediators)
        errors.update(_mediator_errors(locked, mediators))
    if route == Route.GUEST_OFFICE and (
        reception_guest is None or not guests_of_opinion_day(locked).filter(pk=reception_guest.pk).exists()
    ):
        errors["reception_guest"] = _(
            "Choose a guest of the joint reception day the opinion was taken at; a day with no guests listed "
            "has no office to hand it to."
        )
    if errors:
        raise ValidationError(errors)

    previous = locked.status
    locked.route = route
    locked.refusal_reason = refusal_reason if route == Route.NOT_ACCEPTED else ""
    locked.partner = partner
    locked.handling_unit = handling_unit
    if suggested_level:
        locked.suggested_level = suggested_level
    higher = route == Route.HIGHER_LEVEL
    locked.forwarded_to_deputy = forwarded_to_deputy if higher else None
    locked.forwarded_to_body = forwarded_to_body if higher else ""
    locked.reception_guest = reception_guest if route == Route.GUEST_OFFICE else None
    if category is not None:
        locked.category = category
    if reply:
        locked.reply = reply
    locked.status = Status.TRIAGED
    now = timezone.now()
    if route == Route.ON_THE_SPOT:
        # The voter was answered in person at once: the answer is given and the return visit is that talk.
        locked.status = Status.ANSWERED
        locked.resolved_at = locked.answered_at = now
    locked.save()
    locked.mediators.set(mediators if route == Route.MEDIATION else [])
    _event(locked, Kind.TRIAGED, actor, previous, note=_triage_note(locked, note))
    if route == Route.ON_THE_SPOT:
        ReturnVisit.objects.create(
            opinion=locked,
            voter=locked.voter,
            method=ReturnVisit.Method.IN_PERSON,
            visited_at=now,
            visited_by=actor,
            deputy=locked.deputy,
            satisfaction=Satisfaction.UNKNOWN,
            note=reply,
        )
    return _sync(opinion, locked)


def _forward_errors(level, deputy, body):
    if level not in HIGHER_LEVELS:
        return {"suggested_level": _("Choose the level of deputies the opinion goes to: city or higher.")}
    if deputy is None and not body:
        return {
            "forwarded_to_body": _(
                "Name who receives it: a deputy of that level, or a body such as 区人大常委会代表工委."
            )
        }
    if deputy is not None and not deputy.mandates.filter(level=level, ended_on__isnull=True).exists():
        return {
            "forwarded_to_deputy": _("%(deputy)s is not a deputy of the level chosen (%(level)s).")
            % {"deputy": deputy.name, "level": Level(level).label}
        }
    return {}


def _mediator_errors(opinion, mediators):
    if not mediators:
        return {"mediators": _("Choose the deputies who mediate.")}
    stationed = set(stationed_deputies(opinion.station).values_list("pk", flat=True))
    strangers = [deputy.name for deputy in mediators if deputy.pk not in stationed]
    if strangers:
        return {
            "mediators": _("Not stationed at %(station)s: %(names)s. The station's own deputies mediate.")
            % {"station": opinion.station.name, "names": "、".join(strangers)}
        }
    return {}


def _changed_message(opinion):
    last = opinion.events.select_related("actor").order_by("-at", "-pk").first()
    if last is None or last.actor is None:
        return _("Someone else changed this opinion meanwhile; look at it again before routing it.")
    return _(
        "%(actor)s changed this opinion meanwhile (%(event)s at %(at)s, now “%(route)s”); nothing of yours was "
        "saved. Look at it again before routing it."
    ) % {
        "actor": last.actor,
        "event": last.get_kind_display(),
        "at": date_format(timezone.localtime(last.at), "SHORT_DATETIME_FORMAT"),
        "route": opinion.get_route_display() or "—",
    }


def _triage_note(opinion, note):
    parts = [str(opinion.get_route_display())]
    if opinion.refusal_reason:
        parts.append(str(opinion.get_refusal_reason_display()))
    if opinion.partner:
        parts.append(opinion.partner)
    if opinion.handling_unit_id:
        parts.append(str(opinion.handling_unit))
    if opinion.route == Route.HIGHER_LEVEL:
        parts.append(str(opinion.get_suggested_level_display()))
        parts.append(opinion.forwarded_to)
    if opinion.route == Route.MEDIATION:
        parts.append("、".join(deputy.name for deputy in opinion.mediators.order_by("name_pinyin", "pk")))
    if opinion.reception_guest_id:
        parts.append(str(opinion.reception_guest))
    if note:
        parts.append(note)
    return " · ".join(parts)


@transaction.atomic
def opinions_mark_return_visit_due(*, opinions, actor, suggestion=None):
    """Called by the suggestions app when a suggestion raised from opinions is closed: each opinion is
    resolved with the suggestion's outcome, so the officer goes back to the voters (回访)."""
    done = []
    for opinion in opinions:
        locked = _locked(opinion)
        if "resolve" not in opinion_actions(locked):
            continue
        reply = locked.reply or _(
            "The deputies' suggestion raised from this opinion has been handled and answered."
        )
        note = str(suggestion) if suggestion is not None else ""
        done.append(opinion_resolve(opinion=locked, actor=actor, reply=reply, note=note))
    return done


@transaction.atomic
def opinion_start(*, opinion, actor, note=""):
    locked = _locked(opinion)
    opinion_check(locked, "start")
    previous = locked.status
    locked.status = Status.IN_PROGRESS
    locked.save(update_fields=["status", "updated_at"])
    _event(locked, Kind.STARTED, actor, previous, note)
    return _sync(opinion, locked)


@transaction.atomic
def opinion_resolve(*, opinion, actor, reply, note=""):
    """The matter is dealt with; `reply` is what the voter will be told at the return visit."""
    locked = _locked(opinion)
    opinion_check(locked, "resolve")
    if not reply.strip():
        raise ValidationError({"reply": _("Write the result the voter will be told.")})
    previous = locked.status
    locked.status = Status.RESOLVED
    locked.reply = reply
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["status", "reply", "resolved_at", "updated_at"])
    _event(locked, Kind.RESOLVED, actor, previous, note or reply)
    return _sync(opinion, locked)


@transaction.atomic
def opinion_record_mediation(*, opinion, actor, outcome, result, mediated_on, reply, note=""):
    """The outcome of a mediation (矛盾纠纷调解, seeds 001, 002): settled, or referred elsewhere (the court,
    the people's mediation committee) with where, on the day it was reached. `result` is the record kept
    for the station (it may name the parties); `reply` is what the voter is told. The return visit follows."""
    locked = _locked(opinion)
    opinion_check(locked, "mediate")
    errors = {}
    if outcome not in MediationOutcome.values:
        errors["outcome"] = _("Choose the outcome: settled or referred elsewhere.")
    if not result.strip():
        errors["result"] = (
            _("Write where the dispute was referred.")
            if outcome == MediationOutcome.REFERRED
            else _("Write what the parties agreed.")
        )
    if not reply.strip():
        errors["reply"] = _("Write the result the voter will be told.")
    if mediated_on is None:
        errors["mediated_on"] = _("Give the day of the mediation.")
    elif mediated_on > timezone.localdate():
        errors["mediated_on"] = _("A mediation cannot be dated in the future.")
    elif mediated_on < timezone.localtime(locked.received_at).date():
        errors["mediated_on"] = _("A mediation cannot be dated before the opinion was received.")
    if errors:
        raise ValidationError(errors)
    previous = locked.status
    locked.status = Status.RESOLVED
    locked.mediation_outcome = outcome
    locked.mediation_result = result.strip()
    locked.mediated_on = mediated_on
    locked.reply = reply
    locked.resolved_at = timezone.now()
    locked.save(
        update_fields=[
            "status",
            "mediation_outcome",
            "mediation_result",
            "mediated_on",
            "reply",
            "resolved_at",
            "updated_at",
        ]
    )
    summary = f"{MediationOutcome(outcome).label} · {date_format(mediated_on, 'SHORT_DATE_FORMAT')}"
    _event(locked, Kind.MEDIATED, actor, previous, f"{summary} · {note}" if note else summary)
    return _sync(opinion, locked)


def voters_to_answer(opinion):
    """Everyone who raised this matter: the opinion's voter and the voters of opinions merged into it."""
    voters = {}
    if opinion.voter_id:
        voters[opinion.voter_id] = opinion.voter
    for merged in opinion.merged_opinions.select_related("voter").order_by("pk"):
        if merged.voter_id:
            voters.setdefault(merged.voter_id, merged.voter)
    return list(voters.values())


@transaction.atomic
def opinion_record_return_visit(
    *, opinion, actor, method, satisfaction, visited_at=None, voter=None, deputy=None, note=""
):
    """回访 (seed 004): the voter hears what became of the matter and says how satisfied they are.
    One visit per voter when several raised it; the first one marks the opinion answered."""
    locked = _locked(opinion)
    opinion_check(locked, "return_visit")
    if voter is not None and voter.pk not in {v.pk for v in voters_to_answer(locked)}:
        raise ValidationError({"voter": _("This voter did not raise this opinion.")})
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": _("Choose the voter's satisfaction.")})
    visited_at = visited_at or timezone.now()
    visit = ReturnVisit.objects.create(
        opinion=locked,
        voter=voter,
        method=method,
        visited_at=visited_at,
        visited_by=actor,
        deputy=deputy,
        satisfaction=satisfaction,
        note=note,
    )
    previous = locked.status
    if locked.status != Status.ANSWERED:
        locked.status = Status.ANSWERED
        locked.answered_at = visited_at
        locked.save(update_fields=["status", "answered_at", "updated_at"])
    summary = f"{visit.get_method_display()} · {visit.get_satisfaction_display()}"
    _event(locked, Kind.ANSWERED, actor, previous, f"{summary} · {note}" if note else summary)
    _sync(opinion, locked)
    return visit


@transaction.atomic
def opinion_close(*, opinion, actor, note=""):
    locked = _locked(opinion)
    opinion_check(locked, "close")
    previous = locked.status
    locked.status = Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _event(locked, Kind.CLOSED, actor, previous, note)
    return _sync(opinion, locked)


@transaction.atomic
def opinion_withdraw(*, opinion, actor, reason):
    """A mistaken entry is withdrawn, never deleted; the reason stays in the timeline."""
    locked = _locked(opinion)
    opinion_check(locked, "withdraw")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the opinion is withdrawn.")})
    previous = locked.status
    locked.status = Status.WITHDRAWN
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    _event(locked, Kind.WITHDRAWN, actor, previous, reason)
    return _sync(opinion, locked)


@transaction.atomic
def opinion_merge(*, duplicate, into, actor, note=""):
    """Merge a duplicate into another opinion on the same matter. The duplicate stays, marked merged; its
    voter (and the voters of anything merged into it before) will be answered with the target."""
    if duplicate.pk == into.pk:
        raise ValidationError(_("An opinion cannot be merged into itself."))
    # Lock both rows in a fixed order, so two merges of the same pair cannot deadlock.
    locked = {
        o.pk: o
        for o in Opinion.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
    }
    source, target = locked[duplicate.pk], locked[into.pk]
    opinion_check(source, "merge")
    if "merge" not in opinion_actions(target):
        raise ValidationError(
            _("Opinion %(code)s is “%(status)s”: merge into an opinion that is still open.")
            % {"code": target.tracking_code, "status": target.get_status_display()}
        )
    previous = source.status
    source.status = Status.MERGED
    source.merged_into = target
    source.save(update_fields=["status", "merged_into", "updated_at"])
    _event(source, Kind.MERGED, actor, previous, f"→ {target.tracking_code}" + (f" · {note}" if note else ""))
    moved = []
    for earlier in Opinion.objects.select_for_update().filter(merged_into=source).order_by("pk"):
        earlier.merged_into = target
        earlier.save(update_fields=["merged_into", "updated_at"])
        moved.append(earlier.tracking_code)
    codes = "、".join([source.tracking_code, *moved])
    _event(target, Kind.ABSORBED, actor, target.status, f"← {codes}" + (f" · {note}" if note else ""))
    _sync(duplicate, source)
    return target
