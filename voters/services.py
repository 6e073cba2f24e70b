"""State changes of voters and opinions, one function each: each checks the move, saves, and writes the
timeline event in the same transaction. Nothing is deleted: opinions are closed, withdrawn or merged."""

import hashlib
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from deputies.models import Level
from liaison.activities.models import VisitEntry
from liaison.core.phones import normalise_phone
from liaison.core.queue import enqueue_after_commit
from liaison.models import User
from liaison.notifications.services import notification_schedule
from liaison.notifications.sms import sms_backend
from liaison.security import SecurityEvent, security_record
from liaison.selectors import stations_visible_to
from voters import throttle
from voters.models import (
    Attachment,
    Channel,
    Opinion,
    OpinionEvent,
    PersonalDataExport,
    ReturnVisit,
    Route,
    Satisfaction,
    Voter,
)
from voters.similarity import neighbourhood, normalise
from voters.transitions import opinion_actions, opinion_check
from voters.uploads import check_attachment

Status = Opinion.Status
Kind = OpinionEvent.Kind
HIGHER_LEVELS = {Level.CITY, Level.PROVINCIAL, Level.NATIONAL}


class Throttled(ValidationError):
    """Too many opinions from one network or with one phone number (voters/throttle.py): nothing is kept."""


class AlreadyReceived(ValidationError):
    """The same text reached the station moments ago: `earlier` is that opinion, or None while the first post
    is still being saved. Nothing new is kept."""

    def __init__(self, earlier):
        super().__init__(_("This opinion was already received; it is not recorded twice."), code="duplicate")
        self.earlier = earlier


def answer_days():
    """Days within which the voter should hear back (the station's own promise; 15 by default)."""
    return settings.OPINION_ANSWER_DAYS


def content_digest(station, content):
    text = normalise(content)
    return hashlib.sha256(f"{station.pk}:{text}".encode()).hexdigest()


# Voters ------------------------------------------------------------------------------------------------


@transaction.atomic
def voter_find_or_create(*, station, phone="", name="", **details):
    """The voter with this phone in the station's network, completed with what is new; or a new voter.

    Without a phone there is nothing to find a person by: a new record is made each time (or none, when
    no name is given either: the voter stays anonymous)."""
    details = {key: value for key, value in details.items() if value not in (None, "")}
    if not phone and not name:
        return None
    voter = None
    if phone:
        voter = (
            Voter.objects.select_for_update()
            .filter(neighbourhood(station), phone=phone)
            .order_by("pk")
            .first()
        )
    if voter is None:
        voter = Voter(station=station, phone=phone, name=name, **details)
        voter.full_clean()
        voter.save()
        return voter
    changed = []
    for field, value in {"name": name, **details}.items():
        if value and not getattr(voter, field):
            setattr(voter, field, value)
            changed.append(field)
    if details.get("consent") and not voter.consent:
        voter.consent = True
        changed.append("consent")
    if changed:
        voter.save(update_fields=[*set(changed), "updated_at"])
    return voter


@transaction.atomic
def voter_update(*, voter, **fields):
    for name, value in fields.items():
        setattr(voter, name, value)
    voter.full_clean()
    voter.save()
    return voter


def personal_data_export_log(*, actor, what, parameters=None, row_count=0, unmasked=False, address=None):
    """Log an export of voters' personal data here (what and how many) and in the security log."""
    security_record(SecurityEvent.Kind.EXPORTED, user=actor, target=what, detail=f"{row_count} rows")
    return PersonalDataExport.objects.create(
        actor=actor,
        what=what,
        parameters=parameters or {},
        row_count=row_count,
        unmasked=unmasked,
        address=address,
    )


# Opinions ----------------------------------------------------------------------------------------------


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
def opinion_create(
    *,
    station,
    channel,
    content,
    actor=None,
    voter=None,
    deputy=None,
    officer=None,
    received_at=None,
    category=None,
    location="",
    suggested_level="",
    files=(),
    note="",
):
    # Every file is checked before anything is written: a refused file leaves no opinion behind.
    checked = [(upload, check_attachment(upload)) for upload in files]
    received_at = received_at or timezone.now()
    opinion = Opinion(
        station=station,
        channel=channel,
        content=content.strip(),
        voter=voter,
        deputy=deputy,
        officer=officer,
        received_at=received_at,
        category=category,
        location=location,
        suggested_level=suggested_level,
        due_on=timezone.localtime(received_at).date() + timedelta(days=answer_days()),
        content_digest=content_digest(station, content),
    )
    opinion.full_clean(exclude=["tracking_code"])
    while Opinion.objects.filter(tracking_code=opinion.tracking_code).exists():
        opinion.tracking_code = Opinion._meta.get_field("tracking_code").default()
    opinion.save()
    OpinionEvent.objects.create(
        opinion=opinion, kind=Kind.RECEIVED, actor=actor, to_status=opinion.status, note=note, at=received_at
    )
    for upload, kind in checked:
        _attach(opinion, upload, actor, kind)
    return opinion


@transaction.atomic
def opinion_intake(
    *,
    actor,
    station,
    channel,
    content,
    voter_name="",
    voter_phone="",
    voter_community="",
    voter_address="",
    voter_constituency="",
    voter_consent=False,
    deputy=None,
    received_at=None,
    category=None,
    location="",
    suggested_level="",
    files=(),
):
    """An opinion an officer takes down (a reception day, a call, a letter...) with the voter who raised
    it: found again by phone in the station's network, or recorded; neither name nor phone, anonymous.
    The voter and the opinion are kept together or not at all."""
    voter = voter_find_or_create(
        station=station,
        phone=voter_phone,
        name=voter_name,
        community=voter_community,
        address=voter_address,
        constituency=voter_constituency,
        consent=voter_consent,
    )
    return opinion_create(
        station=station,
        channel=channel,
        content=content,
        actor=actor,
        voter=voter,
        deputy=deputy,
        # The officer who received it; committee staff entering an opinion are nobody's station officer.
        officer=actor if actor.is_officer else None,
        received_at=received_at,
        category=category,
        location=location,
        suggested_level=suggested_level,
        files=files,
    )


def online_intake_check(*, address, phone=""):
    """Refuse a network, or a phone number, that has used up its opinions for now. The public form asks
    before it even reads what was sent, so that a flood is turned away cheaply."""
    if throttle.over_limit("address", address):
        raise Throttled(
            _("Too many opinions were sent from this network just now. Please try again later."),
            code="throttled",
        )
    if throttle.over_limit("phone", phone):
        message = _("Too many opinions were sent with this phone number today. Please try again tomorrow.")
        raise Throttled({"phone": ValidationError(message, code="throttled")})


@transaction.atomic
def opinion_intake_online(
    *,
    station,
    address,
    content,
    deputy=None,
    location="",
    name="",
    phone="",
    community="",
    consent=False,
    files=(),
):
    """An opinion a voter sends through the public form, without an account (the station's or a deputy's QR
    code). Within the limits per network and per phone, once per text; the voter is kept only with their
    consent; the station's officers are told, and the voter is texted the tracking code after commit."""
    online_intake_check(address=address, phone=phone)
    if (name or phone) and not consent:
        raise ValidationError(
            {
                "consent": _(
                    "To leave your name or phone, agree that the station may use them for this opinion."
                )
            }
        )
    digest = content_digest(station, content)
    window = timezone.now() - timedelta(seconds=throttle.limits()["duplicate_seconds"])
    earlier = Opinion.objects.filter(station=station, content_digest=digest, created_at__gte=window).first()
    if earlier is not None or not throttle.claim_text(digest):
        raise AlreadyReceived(earlier)
    voter = None
    if consent:
        voter = voter_find_or_create(
            station=station, phone=phone, name=name, community=community, consent=True
        )
    opinion = opinion_create(
        station=station,
        channel=Channel.ONLINE,
        content=content,
        voter=voter,
        deputy=deputy,
        location=location,
        files=files,
    )
    opinion_notify_online(opinion=opinion)
    enqueue_after_commit("voters.send_tracking_code", opinion.pk)
    throttle.count("address", address)
    throttle.count("phone", phone)
    return opinion


def _attach(opinion, upload, actor, kind=None):
    kind = kind or check_attachment(upload)
    attachment = Attachment(
        opinion=opinion,
        kind=kind,
        original_name=(upload.name or "")[:200],
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save("upload", upload, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def attachment_add(*, opinion, upload, actor):
    opinion = _locked(opinion)
    opinion_check(opinion, "attach")
    attachment = _attach(opinion, upload, actor)
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
):
    """Route an opinion by jurisdiction (seed 004). It may be re-routed while it is still being handled.

    The suggestion route only records the route here: the draft suggestion is the suggestions app's, which
    opens it and triages through this function (suggestions.services.suggestion_from_opinions)."""
    locked = _locked(opinion)
    opinion_check(locked, "triage")
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
    if route == Route.HIGHER_LEVEL and suggested_level not in HIGHER_LEVELS:
        errors["suggested_level"] = _("Choose the level of deputies the opinion goes to: city or higher.")
    if errors:
        raise ValidationError(errors)

    previous = locked.status
    locked.route = route
    locked.refusal_reason = refusal_reason if route == Route.NOT_ACCEPTED else ""
    locked.partner = partner
    locked.handling_unit = handling_unit
    if suggested_level:
        locked.suggested_level = suggested_level
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


VISIT_CHANNELS = {"reception": Channel.RECEPTION, "visit": Channel.VISIT, "appointment": Channel.APPOINTMENT}


@transaction.atomic
def opinions_from_visit(*, visit, actor):
    """Turn the voters met during a logged visit (liaison.VisitEntry) into opinions linked to the visit;
    entries already turned into opinions are left alone, so running it twice is harmless."""
    entries = (
        VisitEntry.objects.select_for_update(of=("self",))
        .filter(visit=visit, opinion__isnull=True)
        .order_by("position", "pk")
    )
    deputy = visit.deputies.order_by("pk").first()
    zone = timezone.get_current_timezone()
    received_at = timezone.make_aware(datetime.combine(visit.date, time(12, 0)), zone)
    created = []
    for entry in entries:
        try:
            phone = normalise_phone(entry.voter_phone)
        except ValidationError:
            phone = ""
        voter = voter_find_or_create(station=visit.station, phone=phone, name=entry.voter_name)
        opinion = opinion_create(
            station=visit.station,
            channel=VISIT_CHANNELS.get(visit.kind, Channel.VISIT),
            content=entry.raised,
            actor=actor,
            voter=voter,
            deputy=deputy,
            officer=visit.officer,
            received_at=min(received_at, timezone.now()),
            note=_("From the visit of %(date)s") % {"date": visit.date},
        )
        opinion.visit = visit
        opinion.visit_entry = entry
        opinion.save(update_fields=["visit", "visit_entry", "updated_at"])
        created.append(opinion)
    return created


# Messages to the officers, through the reminder outbox (liaison.services.notification_schedule) ---------


def station_officers(station):
    """The officers who look after a station: its own and those of the liaison station above it."""
    places = [station.pk, *([station.parent_id] if station.parent_id else [])]
    return User.objects.filter(role=User.Role.OFFICER, is_active=True, stations__in=places).distinct()


def _notify(user, **message):
    return notification_schedule(user=user, due_at=timezone.now(), **message)


def opinion_send_tracking_code(*, opinion_id):
    """Send the voter the tracking code of their opinion by SMS (when they gave a mobile and consent).

    The send is claimed first by a conditional UPDATE, so a retried or redelivered task sends nothing twice;
    a failed send gives the claim back and raises, for the task to retry."""
    from django.urls import reverse

    opinion = Opinion.objects.select_related("voter").filter(pk=opinion_id).first()
    voter = opinion.voter if opinion else None
    if voter is None or not voter.consent or not voter.phone.startswith("+861"):
        return False
    claimed = Opinion.objects.filter(pk=opinion_id, tracking_code_sent_at__isnull=True).update(
        tracking_code_sent_at=timezone.now()
    )
    if not claimed:
        return False
    url = settings.REMINDER_SITE_URL + reverse("voters:track", args=[opinion.tracking_code])
    with translation.override(settings.LANGUAGE_CODE):
        text = _(
            "[Liaison station] Your opinion is received. Tracking code %(code)s; follow it at %(url)s"
        ) % {
            "code": opinion.tracking_code,
            "url": url,
        }
    try:
        sms_backend().send(phone=voter.phone, text=text, reference=f"opinion-{opinion.pk}")
    except Exception:
        Opinion.objects.filter(pk=opinion_id).update(tracking_code_sent_at=None)
        raise
    return True


def opinion_notify_online(*, opinion):
    """Tell the station's officers that a voter sent an opinion online (no personal data in the text:
    the message may go out by SMS or e-mail)."""
    with translation.override(settings.LANGUAGE_CODE):
        for officer in station_officers(opinion.station):
            _notify(
                officer,
                kind="opinion_received",
                subject=_("New opinion %(code)s from the online form") % {"code": opinion.tracking_code},
                body=_("A voter sent an opinion to %(station)s online; triage it and answer the voter.")
                % {"station": opinion.station.name},
                url=opinion.get_absolute_url(),
                dedupe_key=f"voters:received:{opinion.pk}:{officer.pk}",
            )


@transaction.atomic
def opinions_remind_overdue(*, today=None):
    """Daily: each officer hears how many opinions of their stations are past the date by which the voter
    should have been answered. Once a day per officer, so a second run the same day sends nothing new."""
    from django.urls import reverse

    today = today or timezone.localdate()
    sent = []
    officers = User.objects.filter(role=User.Role.OFFICER, is_active=True, stations__isnull=False).distinct()
    with translation.override(settings.LANGUAGE_CODE):
        for officer in officers:
            overdue = Opinion.objects.filter(
                station__in=stations_visible_to(officer),
                status__in=Opinion.OPEN_STATUSES,
                due_on__lt=today,
            )
            count = overdue.count()
            if not count:
                continue
            oldest = overdue.order_by("due_on").values_list("received_at", flat=True).first()
            message = _notify(
                officer,
                kind="opinion_overdue",
                subject=_("%(count)s opinions are past their answer date") % {"count": count},
                body=_("The oldest was received on %(date)s. Voters are waiting for an answer.")
                % {"date": timezone.localtime(oldest).date()},
                url=f"{reverse('voters:list')}?period=overdue",
                dedupe_key=f"voters:overdue:{officer.pk}:{today}",
            )
            if message is not None:
                sent.append(message)
    return sent
