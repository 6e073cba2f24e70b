import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from deputies.models import Level
from liaison.security import target_label

# Fields whose past values record history never keeps: retention (voters/services/retention.py) erases them
# from the records, and the history must not keep what retention erased (PIPL).
VOTER_PERSONAL_FIELDS = ["name", "phone", "address", "notes"]
# The mediation record names the parties of a private dispute: erased with the content (voters/services/retention.py).
OPINION_PERSONAL_FIELDS = ["content", "location", "content_digest", "mediation_result"]

# Letters and digits a voter cannot confuse when reading a code aloud over the phone (no 0/O, 1/I/L).
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TRACKING_LENGTH = 10


def new_tracking_code():
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_LENGTH))


def normalise_tracking_code(typed):
    """A code as typed or read aloud (`abcd-efgh 23`) as it is stored (`ABCDEFGH23`): letters and digits only,
    in capitals."""
    return "".join(char for char in str(typed).upper() if char.isascii() and char.isalnum())


class Voter(models.Model):
    """A person who raised an opinion. Each station keeps its own book of voters, found again by phone."""

    station = models.ForeignKey(
        "liaison.Station", verbose_name=_("station"), on_delete=models.PROTECT, related_name="voters"
    )
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    community = models.CharField(_("community or village"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    consent = models.BooleanField(
        _("consents to be contacted"),
        default=False,
        help_text=_("The voter agreed that the station may call back about their opinions."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set when retention erased the personal fields; such a record is never anonymised twice.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=VOTER_PERSONAL_FIELDS)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["-created_at", "pk"]
        permissions = [("reveal_voter_phone", _("Can reveal a voter's full name and phone number"))]
        constraints = [
            models.UniqueConstraint(
                fields=["station", "phone"], condition=~Q(phone=""), name="one_voter_per_phone_per_station"
            ),
        ]

    def __str__(self):
        return self.name or str(_("Voter %(number)s") % {"number": self.pk})

    def get_absolute_url(self):
        return reverse("voters:voter_detail", args=[self.pk])


class Category(models.Model):
    """What an opinion is about; committee staff keep the list (seeded with the eight common ones)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    name_en = models.CharField(_("name in English"), max_length=50, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        if self.name_en and translation.get_language() == "en":
            return self.name_en
        return self.name


class Channel(models.TextChoices):
    """Every way an opinion reaches the station (seeds 000, 002, 003, 004)."""

    RECEPTION = "reception", _("Reception day")
    VISIT = "visit", _("Visit")
    APPOINTMENT = "appointment", _("Appointment")
    PHONE = "phone", _("Phone")
    WECHAT = "wechat", _("WeChat group")
    MAILBOX = "mailbox", _("Mailbox")
    ONLINE = "online", _("Online form")
    CONSULTATION = "consultation", _("Monthly consultation")


class Route(models.TextChoices):
    """Triage by jurisdiction (seed 004), plus solving at once with the community committee (seed 001)."""

    ON_THE_SPOT = "on_the_spot", _("Answered on the spot")
    STATION = "station", _("Handled at the station with the community committee")
    STREET_OFFICE = "street_office", _("Referred to the street office")
    SUGGESTION = "suggestion", _("Raised as a deputy letter or suggestion")
    HIGHER_LEVEL = "higher_level", _("Forwarded to deputies of a higher level")
    # Seeds 001, 002: a private dispute the station's deputies mediate (矛盾纠纷调解) rather than refuse.
    MEDIATION = "mediation", _("Mediated by the station's deputies")
    # Seed 004: taken at a joint reception day and handed to the office of one of its guests.
    GUEST_OFFICE = "guest_office", _("Handed to a guest's office at a joint reception")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


# The levels an opinion may be forwarded to (the route of a higher level): above the district's own deputies.
HIGHER_LEVELS = {Level.CITY, Level.PROVINCIAL, Level.NATIONAL}


class MediationOutcome(models.TextChoices):
    SETTLED = "settled", _("Settled")
    REFERRED = "referred", _("Referred elsewhere")


class RefusalReason(models.TextChoices):
    IN_COURT = "in_court", _("Already before a court")
    IN_ARBITRATION = "in_arbitration", _("Already in arbitration")
    IN_PETITION = "in_petition", _("Already in the petition (信访) process")
    NOT_PUBLIC = "not_public", _("A private dispute, not a public matter")
    OTHER = "other", _("Other")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")
    UNKNOWN = "unknown", _("Did not say")


class Opinion(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGED = "triaged", _("Triaged")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        ANSWERED = "answered", _("Answered to the voter")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged")

    # Still to be dealt with (the voter not yet answered), and done with for good.
    OPEN_STATUSES = (Status.RECEIVED, Status.TRIAGED, Status.IN_PROGRESS, Status.RESOLVED)
    FINISHED_STATUSES = (Status.CLOSED, Status.WITHDRAWN, Status.MERGED)

    tracking_code = models.CharField(
        _("tracking code"), max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    # When the tracking code went out to the voter by SMS; set once, so a retried task never sends twice.
    tracking_code_sent_at = models.DateTimeField(
        _("tracking code sent"), null=True, blank=True, editable=False
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    station = models.ForeignKey(
        "liaison.Station", verbose_name=_("station"), on_delete=models.PROTECT, related_name="opinions"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("receiving deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("receiving officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_opinions",
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    # The visits log (liaison.Visit) the opinion came from, and the voter met there, when there was one.
    visit = models.ForeignKey(
        "activities.Visit",
        verbose_name=_("visit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinions",
    )
    visit_entry = models.OneToOneField(
        "activities.VisitEntry",
        verbose_name=_("voter met"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion",
    )
    voter = models.ForeignKey(
        Voter,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        help_text=_("Empty when the voter stays anonymous."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    content = models.TextField(_("content"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    suggested_level = models.CharField(
        _("suggested level"),
        max_length=12,
        choices=Level.choices,
        blank=True,
        help_text=_("The level of deputies who should take it up at the monthly consultation."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    route = models.CharField(_("route"), max_length=16, choices=Route.choices, blank=True)
    refusal_reason = models.CharField(
        _("reason for not accepting"), max_length=16, choices=RefusalReason.choices, blank=True
    )
    partner = models.CharField(
        _("handled with"),
        max_length=100,
        blank=True,
        help_text=_("The community or village committee, office or deputies the matter went to."),
    )
    handling_unit = models.ForeignKey(
        "liaison.HandlingUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    # The higher level's deputy or body the opinion was forwarded to (the route of a higher level).
    forwarded_to_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("forwarded to deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwarded_opinions",
    )
    forwarded_to_body = models.CharField(
        _("forwarded to body"),
        max_length=100,
        blank=True,
        help_text=_("For example 区人大常委会代表工委."),
    )
    # Mediation (the mediation route): the deputies who mediate, and the outcome once recorded.
    mediators = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("mediating deputies"), blank=True, related_name="mediated_opinions"
    )
    mediation_outcome = models.CharField(
        _("mediation outcome"), max_length=10, choices=MediationOutcome.choices, blank=True
    )
    mediation_result = models.TextField(_("mediation record"), blank=True)
    mediated_on = models.DateField(_("mediated on"), null=True, blank=True)
    # The guest of a joint reception day whose office the opinion was handed to (the guest's office route).
    reception_guest = models.ForeignKey(
        "activities.ReceptionGuest",
        verbose_name=_("handed to guest"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
    )
    reply = models.TextField(
        _("answer for the voter"),
        blank=True,
        help_text=_("What the voter is told; shown on the public tracking page, so no personal data."),
    )
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_opinions",
    )
    # A digest of the normalised text, so that the same text posted twice quickly is caught cheaply.
    content_digest = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=OPINION_PERSONAL_FIELDS)

    class Meta:
        verbose_name = _("opinion")
        verbose_name_plural = _("opinions")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["station", "status", "received_at"], name="opinion_station_status"),
            # A deputy's latest opinions (suggestions.selectors.opinions_routed_to): their few rows, not a walk
            # down the date order of a whole city's opinions (issue 9).
            models.Index(fields=["deputy", "received_at"], name="opinion_deputy_received"),
            # The open opinions by age (voters.selectors.open_age_buckets) across a whole city: read from this
            # small index alone, not from the 300,000 rows (issue 9).
            models.Index(
                fields=["received_at", "due_on"],
                include=["id"],
                condition=Q(status__in=["received", "triaged", "in_progress", "resolved"]),
                name="opinion_open_age",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="merged", merged_into__isnull=False)
                | (~Q(status="merged") & Q(merged_into__isnull=True)),
                name="opinion_merged_has_target",
            ),
        ]

    def __str__(self):
        return self.tracking_code

    def get_absolute_url(self):
        return reverse("voters:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_finished(self):
        return self.status in self.FINISHED_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()

    @property
    def age_days(self):
        return (timezone.localdate() - timezone.localtime(self.received_at).date()).days

    @property
    def forwarded_to(self):
        """Who received an opinion forwarded to a higher level: the body, the deputy (by name), or both."""
        deputy = self.forwarded_to_deputy.name if self.forwarded_to_deputy_id else ""
        return " · ".join(part for part in (self.forwarded_to_body, deputy) if part)

    @property
    def route_label(self):
        """The route with who took the matter up, as the registers, their exports and the public tracking
        page show it: the receiving body or deputy, the guest's office, the mediation's outcome. Never more
        of a person than a deputy's name."""
        parts = [self.get_route_display()]
        if self.route == Route.HIGHER_LEVEL:
            parts.append(self.forwarded_to)
        elif self.route == Route.GUEST_OFFICE and self.reception_guest_id:
            parts.append(self.reception_guest.office)
        elif self.route == Route.MEDIATION and self.mediation_outcome:
            parts.append(self.get_mediation_outcome_display())
        return " · ".join(str(part) for part in parts if part)


class OpinionEvent(models.Model):
    """One step of an opinion's timeline: who, when, from which status to which, and why."""

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Received")
        TRIAGED = "triaged", _("Triaged")
        STARTED = "started", _("Handling started")
        RESOLVED = "resolved", _("Resolved")
        ANSWERED = "answered", _("Return visit recorded")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        MERGED = "merged", _("Merged into another opinion")
        ABSORBED = "absorbed", _("Another opinion merged into this one")
        ATTACHED = "attached", _("File attached")
        IMPORTED = "imported", _("Imported from a workbook")
        MEDIATED = "mediated", _("Mediation outcome recorded")

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    from_status = models.CharField(
        pgettext_lazy("status change", "from"), max_length=12, choices=Opinion.Status.choices, blank=True
    )
    to_status = models.CharField(
        pgettext_lazy("status change", "to"), max_length=12, choices=Opinion.Status.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("opinion event")
        verbose_name_plural = _("opinion events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.opinion} {self.kind}"


class ReturnVisit(models.Model):
    """回访: going back to tell the voter what became of the matter (seed 004)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone call")
        IN_PERSON = "in_person", _("In person")
        HOME_VISIT = "home_visit", _("Home visit")
        WECHAT = "wechat", _("WeChat")
        LETTER = "letter", _("Letter or text message")

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="return_visits"
    )
    voter = models.ForeignKey(
        Voter,
        verbose_name=_("voter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
    )
    method = models.CharField(_("how"), max_length=12, choices=Method.choices)
    visited_at = models.DateTimeField(_("when"), default=timezone.now)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("deputy present"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="return_visits",
    )
    satisfaction = models.CharField(
        _("voter's satisfaction"), max_length=12, choices=Satisfaction.choices, default=Satisfaction.UNKNOWN
    )
    note = models.TextField(_("what the voter said"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return visit")
        verbose_name_plural = _("return visits")
        ordering = ["visited_at", "pk"]

    def __str__(self):
        return f"{self.opinion} {self.visited_at:%Y-%m-%d}"


def attachment_path(instance, filename):
    # The stored name is random: files are served through a checked view, never guessed from a name.
    return f"opinions/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{instance.extension}"


class Attachment(models.Model):
    """A photo or document of an opinion; the kind is read from the file's content, never its name."""

    class Kind(models.TextChoices):
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"
        GIF = "gif", "GIF"
        WEBP = "webp", "WebP"
        PDF = "pdf", "PDF"

    opinion = models.ForeignKey(
        Opinion, verbose_name=_("opinion"), on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return {"jpeg": "jpg"}.get(self.kind, self.kind)

    @property
    def content_type(self):
        return "application/pdf" if self.kind == self.Kind.PDF else f"image/{self.kind}"

    @property
    def is_image(self):
        return self.kind != self.Kind.PDF


class PersonalDataExport(models.Model):
    """Every export of voters' personal data: who, when and what (DOMAIN.md: personal data)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    what = models.CharField(_("what"), max_length=50)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    unmasked = models.BooleanField(_("full names and phones"), default=False)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.actor} {self.what} {self.at:%Y-%m-%d %H:%M}"

    def what_label(self):
        return target_label(self.what)


class PublicFormHit(models.Model):
    """One opinion sent through the public form, counted against its network and its phone (voters/throttle.py).
    Kept in the database so the limits hold when the cache is down or restarted; kept no longer than a window."""

    kind = models.CharField(max_length=10)
    digest = models.CharField(max_length=32)  # of the address or the phone: neither is kept here
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "digest", "at"], name="public_form_hit_count")]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"
