"""How opinions come in: taken down by an officer with the voter who raised it, sent by a voter through the
public form, or raised by the voters met during a logged visit; each with its files, checked before anything
is written, and the timeline's first event."""

import hashlib
from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.activities.models import VisitEntry
from liaison.activities.services import visit_log
from liaison.core.phones import normalise_phone
from liaison.core.queue import enqueue_after_commit
from liaison.policies.selectors import policy_in_force
from voters import throttle
from voters.models import Attachment, Channel, Opinion, OpinionEvent
from voters.services.messages import opinion_notify_online
from voters.services.voters import voter_find_or_create
from voters.similarity import normalise
from voters.uploads import check_attachment

Kind = OpinionEvent.Kind


class Throttled(ValidationError):
    """Too many opinions from one network or with one phone number (voters/throttle.py): nothing is kept."""


class AlreadyReceived(ValidationError):
    """The same text reached the station moments ago: `earlier` is that opinion, or None while the first post
    is still being saved. Nothing new is kept."""

    def __init__(self, earlier):
        super().__init__(_("This opinion was already received; it is not recorded twice."), code="duplicate")
        self.earlier = earlier


def content_digest(station, content):
    text = normalise(content)
    return hashlib.sha256(f"{station.pk}:{text}".encode()).hexdigest()


def opinion_build(*, station, content, received_at=None, policy=None, exceptions=None, **fields):
    """An opinion as intake records it, unsaved and unchecked: its due date by the policy in force at
    intake (liaison/policies: a later change leaves this date alone) and its content's digest. `policy` and
    `exceptions` (liaison/workdays.py) when the caller read them once for many opinions."""
    received_at = received_at or timezone.now()
    policy = policy or policy_in_force(station)
    return Opinion(
        station=station,
        content=content.strip(),
        received_at=received_at,
        due_on=policy.answer_due_on(timezone.localtime(received_at).date(), exceptions),
        content_digest=content_digest(station, content),
        **fields,
    )


def received_event(opinion, *, actor=None, note=""):
    """The timeline's first event, unsaved."""
    return OpinionEvent(
        opinion=opinion, kind=Kind.RECEIVED, actor=actor, to_status=Opinion.Status.RECEIVED, note=note,
        at=opinion.received_at,
    )  # fmt: skip


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
    opinion = opinion_build(
        station=station,
        content=content,
        received_at=received_at,
        channel=channel,
        voter=voter,
        deputy=deputy,
        officer=officer,
        category=category,
        location=location,
        suggested_level=suggested_level,
    )
    opinion.full_clean(exclude=["tracking_code"])
    while Opinion.objects.filter(tracking_code=opinion.tracking_code).exists():
        opinion.tracking_code = Opinion._meta.get_field("tracking_code").default()
    opinion.save()
    received_event(opinion, actor=actor, note=note).save()
    for upload, kind in checked:
        attachment_store(opinion=opinion, upload=upload, actor=actor, kind=kind)
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


def attachment_store(*, opinion, upload, actor, kind=None):
    """Keep an uploaded file with the opinion; `kind` when the file has been checked already."""
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


VISIT_CHANNELS = {"reception": Channel.RECEPTION, "visit": Channel.VISIT, "appointment": Channel.APPOINTMENT}


@transaction.atomic
def visit_log_with_opinions(*, actor, station, deputies=(), lines=(), **fields):
    """Log a visit (liaison.activities.services.visit_log) with each voter met, and register what each
    raised as an opinion of the visit's channel and station, in one step; a line marked `unregistered`
    stays on the visit only (it can be registered later from the visit's page). Returns the visit and the
    opinions made."""
    lines = [line for line in lines if line.get("raised")]
    visit = visit_log(
        actor=actor,
        station=station,
        deputies=deputies,
        entries=[
            {key: line.get(key, "") for key in ("voter_name", "voter_phone", "raised")} for line in lines
        ],
        **fields,
    )
    kept_back = {index for index, line in enumerate(lines) if line.get("unregistered")}
    registered = [index for index in range(len(lines)) if index not in kept_back]
    return visit, opinions_from_visit(visit=visit, actor=actor, positions=registered)


@transaction.atomic
def opinions_from_visit(*, visit, actor, positions=None):
    """Turn the voters met during a logged visit (liaison.VisitEntry) into opinions linked to the visit
    (only the entries at `positions` when given); entries already turned into opinions are left alone, so
    running it twice is harmless."""
    entries = (
        VisitEntry.objects.select_for_update(of=("self",))
        .filter(visit=visit, opinion__isnull=True)
        .order_by("position", "pk")
    )
    if positions is not None:
        entries = entries.filter(position__in=positions)
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
