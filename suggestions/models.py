"""The closed loop of deputies' suggestions 提、交、办、督、评 (DOMAIN.md; seeds 001, 002, 003)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from deputies.models import Level
from liaison.policies.models import default_basically_satisfied_reassigns
from suggestions import clock
from voters.models import Route


class Category(models.TextChoices):
    URBAN = "urban", _("Urban construction and management")
    TRANSPORT = "transport", _("Transport")
    ENVIRONMENT = "environment", _("Ecology and environment")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    SOCIAL = "social", _("Social security and civil affairs")
    ECONOMY = "economy", _("Economy and enterprise")
    LAW = "law", _("Rule of law and public security")
    OTHER = "other", _("Other")


class Suggestion(models.Model):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        BILL = "bill", _("Bill")
        LETTER = "letter", _("Deputy letter")

    class Period(models.TextChoices):
        SESSION = "session", _("During the congress session")
        BETWEEN = "between", _("Between sessions")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        REJECTED = "rejected", _("Not registered")
        REGISTERED = "registered", _("Registered, to be assigned")
        ASSIGNED = "assigned", _("Being handled")
        REPLIED = "replied", _("Replied, to be evaluated")
        FOLLOW_UP = "follow_up", _("Open for follow-up")
        CLOSED = "closed", _("Completed")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.OTHER
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SUGGESTION)
    period = models.CharField(_("made"), max_length=10, choices=Period.choices, default=Period.BETWEEN)
    lead_deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("lead deputy"), on_delete=models.PROTECT, related_name="suggestions"
    )
    joint_deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("joint deputies"), related_name="joint_suggestions", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The number is given on submission, counted per year: 2026-017.
    year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    number = models.CharField(_("number"), max_length=12, blank=True, editable=False, db_index=True)
    rejection_reason = models.TextField(_("reason for not registering"), blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    # 并案办理: the suggestions merged into one are handled once, with the main one's units.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("handled together with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged",
    )
    # 群众点单、代表定单 (seed 003): the voters' opinions it grew from; closing it marks them for the return visit.
    source_opinions = models.ManyToManyField(
        "voters.Opinion", verbose_name=_("voters' opinions"), related_name="suggestions", blank=True
    )
    is_key = models.BooleanField(_("key suggestion"), default=False)
    # The policy in force when it was submitted (liaison/policies): a later change reaches new ones only.
    basically_satisfied_reassigns = models.BooleanField(
        _("basically satisfied goes to a second round"),
        default=default_basically_satisfied_reassigns,
        editable=False,
    )
    supervising_leader = models.CharField(_("supervising leader"), max_length=100, blank=True)
    # The date the current step is due (the lead unit's reply, or a class-B follow-up), kept by the services
    # so that every list can show what is overdue without a join.
    due_on = models.DateField(_("due on"), null=True, blank=True, db_index=True)
    lead_unit = models.ForeignKey(
        "liaison.HandlingUnit",
        verbose_name=_("lead unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    result_class = models.CharField(_("result class"), max_length=1, blank=True)
    rating = models.CharField(_("evaluation"), max_length=12, choices=Rating.choices, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="one_number_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(number__gt=""), name="submitted_suggestion_has_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return f"{self.number} {self.title}" if self.number else self.title

    def get_absolute_url(self):
        return reverse("suggestions:detail", args=[self.pk])

    @property
    def is_overdue(self):
        from suggestions.rates import is_overdue

        return is_overdue(self)

    @property
    def is_due_soon(self):
        if self.status not in {self.Status.ASSIGNED, self.Status.FOLLOW_UP} or self.due_on is None:
            return False
        today = timezone.localdate()
        return today <= self.due_on <= clock.near_due_limit(today)

    @property
    def result_class_label(self):
        return Reply.ResultClass(self.result_class).label if self.result_class else ""

    @property
    def is_open(self):
        return self.status not in {self.Status.DRAFT, self.Status.REJECTED, self.Status.CLOSED}


class Assignment(models.Model):
    """One unit's part in one round (交办): the lead unit (主办) replies, co-units (协办) give their view."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-unit")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        ACCEPTED = "accepted", _("Accepted")
        RETURN_ASKED = "return_asked", _("Return asked")
        WITHDRAWN = "withdrawn", _("Re-routed")
        ANSWERED = "answered", _("Answered")

    class Basis(models.TextChoices):
        REPLY = "reply", _("Reply within %(months)s months of assignment")
        EXTENDED = "extended", _("Extended on request, at most %(months)s months from assignment")
        CO_VIEW = "co_view", _("Co-unit's view to the lead unit within %(months)s month(s)")
        SECOND_ROUND = "second_round", _("Second-round reply within %(months)s month(s)")
        SET_BY_STAFF = "set_by_staff", _("Set by staff within the statutory limit")

    class Extension(models.TextChoices):
        NONE = "", _("None")
        ASKED = "asked", _("Asked")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    suggestion = models.ForeignKey(
        Suggestion, verbose_name=_("suggestion"), on_delete=models.CASCADE, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    unit = models.ForeignKey(
        "liaison.HandlingUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(pgettext_lazy("assignment", "role"), max_length=4, choices=Role.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    assigned_on = models.DateField(_("assigned on"))
    deadline = models.DateField(_("deadline"))
    basis = models.CharField(_("basis"), max_length=12, choices=Basis.choices)
    return_by = models.DateField(_("may be returned until"))
    return_reason = models.TextField(_("reason for returning"), blank=True)
    view = models.TextField(_("co-unit's view"), blank=True)
    extension = models.CharField(
        _("extension"), max_length=10, choices=Extension.choices, blank=True, default=Extension.NONE
    )
    extension_until = models.DateField(_("extension asked until"), null=True, blank=True)
    extension_reason = models.TextField(_("reason for the extension"), blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    # last_reminded_on is the reminder job's bookkeeping, not a change anyone made.
    history = HistoricalRecords(excluded_fields=["last_reminded_on"])

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["round", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "round"],
                condition=Q(role="lead") & ~Q(status="withdrawn"),
                name="one_lead_unit_per_round",
            ),
        ]

    def __str__(self):
        return f"{self.suggestion} → {self.unit} ({self.get_role_display()})"

    @property
    def basis_text(self):
        months = {
            self.Basis.REPLY: settings.SUGGESTION_REPLY_MONTHS,
            self.Basis.EXTENDED: settings.SUGGESTION_EXTENSION_MAX_MONTHS,
            self.Basis.CO_VIEW: settings.SUGGESTION_CO_VIEW_MONTHS,
            self.Basis.SECOND_ROUND: settings.SUGGESTION_SECOND_ROUND_MONTHS,
        }.get(self.basis)
        return str(self.get_basis_display()) % {"months": months}

    @property
    def is_active(self):
        return self.status in {self.Status.ASSIGNED, self.Status.ACCEPTED, self.Status.RETURN_ASKED}

    @property
    def is_overdue(self):
        from suggestions.rates import assignment_is_overdue

        return assignment_is_overdue(self)


class Contact(models.Model):
    """The unit's contact with the deputy before replying (practice requires talking to the deputy)."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        VISIT = "visit", _("Visit")
        MEETING = "meeting", _("Meeting")
        SITE = "site", _("On site")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="contacts")
    round = models.PositiveSmallIntegerField(_("round"))
    unit = models.ForeignKey(
        "liaison.HandlingUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(_("how"), max_length=10, choices=Method.choices)
    contacted_on = models.DateField(_("date"))
    note = models.TextField(_("what was said"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("contact with the deputy")
        verbose_name_plural = _("contacts with the deputy")
        ordering = ["contacted_on", "pk"]

    def __str__(self):
        return f"{self.contacted_on} {self.unit} {self.get_method_display()}"


class Reply(models.Model):
    """The lead unit's answer in one round, with its result class."""

    class ResultClass(models.TextChoices):
        A = "A", _("A: resolved or adopted")
        B = "B", _("B: being resolved or planned")
        C = "C", _("C: cannot be solved for now")
        D = "D", _("D: kept for reference")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"))
    unit = models.ForeignKey(
        "liaison.HandlingUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="replies"
    )
    result_class = models.CharField(_("result class"), max_length=1, choices=ResultClass.choices)
    text = models.TextField(_("reply"))
    follow_up_on = models.DateField(
        _("to be solved by"), null=True, blank=True, help_text=_("Class B: the date it will be solved by.")
    )
    reason = models.TextField(_("reason it cannot be solved now"), blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["suggestion", "round"], name="one_reply_per_round")]

    def __str__(self):
        return f"{self.unit} {self.result_class}"


def document_path(instance, filename):
    return f"suggestions/replies/{timezone.now():%Y/%m}/{filename}"


class Document(models.Model):
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path)
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Evaluation(models.Model):
    """The deputy's own evaluation of one round's reply (背靠背: asked of the deputy, never of the unit)."""

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="evaluations")
    round = models.PositiveSmallIntegerField(_("round"))
    reply = models.ForeignKey(Reply, on_delete=models.PROTECT, related_name="evaluations")
    rating = models.CharField(_("evaluation"), max_length=12, choices=Suggestion.Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    in_person = models.BooleanField(_("given in person to staff"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["suggestion", "round"], name="one_evaluation_per_round")
        ]

    def __str__(self):
        return f"{self.suggestion_id}/{self.round} {self.get_rating_display()}"


class SupervisionAction(models.Model):
    class Kind(models.TextChoices):
        REMINDER_LETTER = "letter", _("Reminder letter")
        MEETING = "meeting", _("Coordination meeting")
        INSPECTION = "inspection", _("Site inspection")

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="supervision_actions")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("supervision action")
        verbose_name_plural = _("supervision actions")
        ordering = ["happened_on", "pk"]

    def __str__(self):
        return f"{self.happened_on} {self.get_kind_display()}"


class ReplyTemplate(models.Model):
    unit = models.ForeignKey("liaison.HandlingUnit", on_delete=models.CASCADE, related_name="reply_templates")
    name = models.CharField(pgettext_lazy("not a person", "name"), max_length=100)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("reply template")
        verbose_name_plural = _("reply templates")
        ordering = ["name"]

    def __str__(self):
        return self.name


class SuggestionEvent(models.Model):
    """One step of the timeline: who, when, from which status to which, and why."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Draft saved")
        EDITED = "edited", _("Edited")
        SUBMITTED = "submitted", _("Submitted")
        REGISTERED = "registered", _("Registered")
        REJECTED = "rejected", _("Not registered")
        MERGED = "merged", _("Handled together")
        ASSIGNED = "assigned", _("Assigned")
        ACCEPTED = "accepted", _("Accepted")
        RETURN_ASKED = "return_asked", _("Return asked")
        RETURN_APPROVED = "return_approved", _("Return approved and re-routed")
        RETURN_REFUSED = "return_refused", _("Return refused")
        EXTENSION_ASKED = "extension_asked", _("Extension asked")
        EXTENSION_APPROVED = "extension_approved", _("Extension approved")
        EXTENSION_REFUSED = "extension_refused", _("Extension refused")
        CONTACTED = "contacted", _("Deputy contacted")
        VIEW_GIVEN = "view_given", _("Co-unit's view given")
        REPLIED = "replied", _("Replied")
        EVALUATED = "evaluated", _("Evaluated")
        REASSIGN_DUE = "reassign_due", _("Sent back for a second round")
        FOLLOWED_UP = "followed_up", _("Follow-up completed")
        CLOSED = "closed", _("Completed")
        KEY_MARKED = "key_marked", _("Marked as key suggestion")
        KEY_UNMARKED = "key_unmarked", _("No longer a key suggestion")
        SUPERVISED = "supervised", _("Supervision action")
        REMINDED = "reminded", _("Reminder sent")
        IMPORTED = "imported", _("Imported from a workbook")

    # Events a unit may not see while the evaluation is not final (背靠背).
    EVALUATION_KINDS = {Kind.EVALUATED, Kind.REASSIGN_DUE}

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    round = models.PositiveSmallIntegerField(default=1)
    from_status = models.CharField(max_length=12, choices=Suggestion.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Suggestion.Status.choices, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("suggestion event")
        verbose_name_plural = _("suggestion events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class NumberCounter(models.Model):
    """The last number given in a year; locked while a suggestion is submitted so numbers never collide."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last}"


class Consultation(models.Model):
    """The monthly consultation of a liaison station (会商, seed 001): the stationed deputies of every level sort
    the month's opinions, each level takes up its own, and they hear how last month's suggestions were
    handled. The meeting is an activity (kind CONSULTATION): its invitations are the attendance, which the
    duty records derive from, and its summary is the minutes."""

    class Status(models.TextChoices):
        DRAWN = "drawn", _("Agenda drawn")
        DECIDED = "decided", pgettext_lazy("consultation", "Decided")

    station = models.ForeignKey(
        "liaison.Station", verbose_name=_("station"), on_delete=models.PROTECT, related_name="consultations"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month the meeting sorts."))
    activity = models.OneToOneField(
        "activities.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="consultation",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAWN)
    drawn_at = models.DateTimeField(_("agenda drawn"), default=timezone.now)
    decided_at = models.DateTimeField(pgettext_lazy("consultation", "decided"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("monthly consultation")
        verbose_name_plural = _("monthly consultations")
        ordering = ["-month", "station__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["station", "month"], name="one_consultation_per_station_month")
        ]

    def __str__(self):
        return f"{self.station} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return reverse("suggestions:consultation", args=[self.pk])


class ConsultationItem(models.Model):
    """An opinion on the agenda, as it stood when the agenda was drawn, and what the meeting decided for it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="items")
    opinion = models.ForeignKey(
        "voters.Opinion",
        verbose_name=_("opinion"),
        on_delete=models.PROTECT,
        related_name="consultation_items",
    )
    # The opinion's state and route when drawn: one that moved since was routed elsewhere meanwhile.
    drawn_status = models.CharField(max_length=12)
    drawn_route = models.CharField(max_length=16, blank=True)
    route = models.CharField(_("decision"), max_length=16, choices=Route.choices, blank=True)
    level = models.CharField(_("level that takes it up"), max_length=12, choices=Level.choices, blank=True)
    lead_deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("leading deputy"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultation_items",
    )
    partner = models.CharField(pgettext_lazy("opinion", "handled with"), max_length=100, blank=True)
    suggestion = models.ForeignKey(
        Suggestion, on_delete=models.SET_NULL, null=True, blank=True, related_name="consultation_items"
    )
    applied_at = models.DateTimeField(_("applied"), null=True, blank=True)
    refusal = models.CharField(_("not applied because"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["consultation", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "opinion"], name="one_agenda_item_per_opinion")
        ]

    def __str__(self):
        return f"{self.consultation} · {self.opinion}"


class ConsultationEvent(models.Model):
    class Kind(models.TextChoices):
        DRAWN = "drawn", _("Agenda drawn")
        REDRAWN = "redrawn", _("Agenda drawn again")
        DECIDED = "decided", _("Decisions applied")

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("consultation event")
        verbose_name_plural = _("consultation events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"
