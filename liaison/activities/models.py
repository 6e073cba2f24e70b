"""Reception-day schedules and the station's activities: plans and rotation, activities with their
invitations and attendance, the visits log (四访), appointments (约访), congress sessions, calendar feeds."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from liaison.core.phones import mask_name
from liaison.models import Station, User
from liaison.policies.models import default_publish_days_ahead

# --- Reception days and activities (seeds 000, 002, 004) -----------------------------------------------


class ReceptionPlan(models.Model):
    """A station's yearly plan of reception days (seed 004: agreed at the start of the year)."""

    class Rule(models.TextChoices):
        MONTH_DAY = "month_day", _("A fixed day of the month")
        NTH_WEEKDAY = "nth_weekday", _("The nth weekday(s) of the month")
        TWICE_MONTHLY = "twice_monthly", _("Twice a month")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="reception_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices, default=Rule.MONTH_DAY)
    month_day = models.PositiveSmallIntegerField(
        _("day of the month"), null=True, blank=True, help_text=_("e.g. 15; a short month uses its last day")
    )
    second_month_day = models.PositiveSmallIntegerField(
        _("second day of the month"), null=True, blank=True, help_text=_("For twice a month, e.g. 1 and 16")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, null=True, blank=True)
    nths = models.CharField(
        _("which weeks"),
        max_length=20,
        blank=True,
        help_text=_("e.g. 2,4 for the 2nd and 4th; -1 for the last"),
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    deputies_per_day = models.PositiveSmallIntegerField(
        _("deputies per day"),
        default=2,
        help_text=_("At least; raised when needed so that every deputy receives voters every two months."),
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "liaison_receptionplan"  # kept from before the app had its own label
        verbose_name = _("reception plan")
        verbose_name_plural = _("reception plans")
        ordering = ["-year", "station__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="plan_time_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.station} {self.year}"

    def get_absolute_url(self):
        return reverse("activities:plan_detail", args=[self.pk])


class Activity(models.Model):
    """Anything deputies are invited to: a reception day, a training, an inspection, a meeting..."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Reception day")
        TRAINING = "training", _("Training")
        RESEARCH = "research", _("Research and inspection")
        THEME = "theme", _("Theme activity")
        PUBLICITY = "publicity", _("Policy publicity")
        DISCUSSION = "discussion", _("Discussion")
        GROUP = "group", _("Group activity")
        REPORT = "report", _("Report to voters")
        CONSULTATION = "consultation", _("Monthly consultation")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        PUBLISHED = "published", _("Published")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.RECEPTION)
    title = models.CharField(_("title"), max_length=200)
    station = models.ForeignKey(
        Station,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Empty for a group activity held elsewhere."),
    )
    plan = models.ForeignKey(
        ReceptionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="activities"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organiser = models.ForeignKey(
        User, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="organised_activities"
    )
    officers = models.ManyToManyField(
        User, verbose_name=_("invited officers"), related_name="invited_activities", blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    holiday_note = models.CharField(_("holiday"), max_length=50, blank=True)
    # The policy in force when it was planned (liaison/policies): a later change reaches new ones only.
    publish_days_ahead = models.PositiveSmallIntegerField(
        _("published ahead (days)"), default=default_publish_days_ahead, editable=False
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    summary_at = models.DateTimeField(null=True, blank=True)
    attendance_at = models.DateTimeField(null=True, blank=True)
    # Reception days only: every voter who came, named or not; the visits logged for the day are part of
    # it (liaison/activities/figures.py reads it, never the visits' sum).
    voters_received = models.PositiveIntegerField(_("voters received"), default=0)
    recorded_later = models.BooleanField(
        _("recorded later"),
        default=False,
        help_text=_("Recorded after it took place, never published: nobody was told or reminded."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "liaison_activity"  # kept from before the app had its own label
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["station", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
            # The officer's home counts the activities that ended lately and still wait for attendance.
            models.Index(fields=["ends_at"], name="activity_ended"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_time_ordered"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("activities:detail", args=[self.pk])

    @property
    def is_open(self):
        return self.status in {self.Status.PLANNED, self.Status.PUBLISHED}


class Invitation(models.Model):
    """A deputy invited to an activity: their reply, then their attendance."""

    class Reply(models.TextChoices):
        WAITING = "waiting", _("No reply yet")
        CONFIRMED = "confirmed", _("Will attend")
        LEAVE = "leave", _("Asks for leave")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        PRESENT = "present", _("Present")
        LEAVE = "leave", _("On leave")
        ABSENT = "absent", _("Absent")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="invitations"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="invitations"
    )
    reply = models.CharField(_("reply"), max_length=10, choices=Reply.choices, default=Reply.WAITING)
    reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, default=Attendance.UNKNOWN, blank=True
    )

    class Meta:
        db_table = "liaison_invitation"  # kept from before the app had its own label
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["activity", "deputy__name_pinyin"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "deputy"], name="one_invitation_per_deputy")
        ]

    def __str__(self):
        return f"{self.deputy} · {self.activity}"


class ReceivedVoter(models.Model):
    """A voter received on a reception day who left their name (or phone); most leave neither and are only
    counted (Activity.voters_received)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("reception day"), on_delete=models.CASCADE, related_name="received_voters"
    )
    name = models.CharField(_("voter's name"), max_length=50, blank=True)
    phone = models.CharField(_("voter's phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voter received")
        verbose_name_plural = _("voters received")
        ordering = ["activity", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(name="", phone=""), name="received_voter_named"),
        ]

    def __str__(self):
        return mask_name(self.name) or str(_("anonymous voter"))


class ReceptionGuest(models.Model):
    """Who receives voters on a joint reception day besides the deputies (seed 004: 联合接待): a judge, a
    police officer, a lawyer, the head of a street department. An opinion taken that day may be handed to
    the guest's office directly (voters: the route "handed to a guest's office")."""

    class Role(models.TextChoices):
        JUDGE = "judge", _("Judge")
        POLICE = "police", _("Police officer")
        LAWYER = "lawyer", _("Lawyer")
        STREET_DEPARTMENT = "street_department", _("Head of a street department")
        OTHER = "other", _("Other guest")

    activity = models.ForeignKey(
        Activity, verbose_name=_("reception day"), on_delete=models.CASCADE, related_name="guests"
    )
    name = models.CharField(_("guest's name"), max_length=50)
    office = models.CharField(
        _("office"), max_length=100, help_text=_("The court, police station, law firm or street department.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reception guest")
        verbose_name_plural = _("reception guests")
        ordering = ["activity", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "name", "office"], name="one_guest_per_office_a_day")
        ]

    def __str__(self):
        return f"{self.name}（{self.office} · {self.get_role_display()}）"


class ActivityEvent(models.Model):
    """The timeline of an activity: who did what, when."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        PUBLISHED = "published", _("Published")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")
        REPLIED = "replied", _("Replied")
        UNINVITED = "uninvited", _("Taken off the list")
        ATTENDANCE_RECORDED = "attendance", _("Attendance recorded")
        SUMMARY_RECORDED = "summary", _("Summary recorded")
        DONE = "done", _("Done")
        RECORDED_LATER = "late", _("Recorded later")
        VOTERS_RECORDED = "voters", _("Voters received recorded")
        IMPORTED = "imported", _("Imported from a workbook")
        REPORT_RECORDED = "report", _("Report to voters recorded")
        TALLY_RECORDED = "tally", _("Paper ratings recorded")

        GUEST_ADDED = "guest_added", _("Guest added")
        GUEST_REMOVED = "guest_out", _("Guest taken off")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "liaison_activityevent"  # kept from before the app had its own label
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.at}"


class ActivityPhoto(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="activities/photos/%Y/")
    caption = models.CharField(_("caption"), max_length=100, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "liaison_activityphoto"  # kept from before the app had its own label
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class CongressSession(models.Model):
    """A session of the people's congress; one month before it every deputy is reminded to prepare
    suggestions (seed 002)."""

    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("opens on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "liaison_congresssession"  # kept from before the app had its own label
        verbose_name = _("congress session")
        verbose_name_plural = _("congress sessions")
        ordering = ["-starts_on"]

    def __str__(self):
        return self.name


def new_feed_token():
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A deputy's private iCalendar address; a new token shuts out an old subscription."""

    deputy = models.OneToOneField("deputies.Deputy", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(max_length=48, unique=True, default=new_feed_token)

    class Meta:
        db_table = "liaison_calendarfeed"  # kept from before the app had its own label

    def __str__(self):
        return str(self.deputy)


# --- The visits log (四访, seed 004) -------------------------------------------------------------------


class Visit(models.Model):
    """One contact with voters: a reception at a station, a visit, an appointment or a return visit."""

    class Kind(models.TextChoices):
        RECEPTION = "reception", _("Reception")
        VISIT = "visit", _("Visit")
        APPOINTMENT = "appointment", _("Appointment")
        RETURN = "return", _("Return visit")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.RECEPTION)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="visits"
    )
    deputies = models.ManyToManyField(
        "deputies.Deputy", verbose_name=_("deputies present"), related_name="visits", blank=True
    )
    officer = models.ForeignKey(
        User,
        verbose_name=_("officer present"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits_attended",
    )
    voters_met = models.PositiveIntegerField(_("voters met"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("reception day"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visits",
    )
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="visits_logged"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "liaison_visit"  # kept from before the app had its own label
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["station", "-date"])]

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} · {self.station}"

    def get_absolute_url(self):
        return reverse("activities:visit_detail", args=[self.pk])


class VisitEntry(models.Model):
    """One voter met during a visit and what they raised. Kept on the visit until the voters app turns
    each entry into an opinion (it links back here)."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="entries"
    )
    voter_name = models.CharField(_("voter's name"), max_length=50, blank=True)
    voter_phone = models.CharField(_("voter's phone"), max_length=20, blank=True)
    raised = models.TextField(_("what they raised"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        db_table = "liaison_visitentry"  # kept from before the app had its own label
        verbose_name = _("voter met")
        verbose_name_plural = _("voters met")
        ordering = ["visit", "position", "pk"]

    def __str__(self):
        return mask_name(self.voter_name) or str(_("anonymous voter"))


class Appointment(models.Model):
    """约访: a voter asks to meet a given deputy; the officer proposes a time, the deputy is told, the
    outcome is logged as a visit (seed 004)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Time proposed")
        DONE = "done", _("Met")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="appointments"
    )
    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="appointments"
    )
    voter_name = models.CharField(_("voter's name"), max_length=50)
    voter_phone = models.CharField(_("voter's phone"), max_length=20, blank=True)
    topic = models.TextField(_("what they want to raise"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    proposed_at = models.DateTimeField(_("proposed time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    visit = models.OneToOneField(
        Visit, on_delete=models.SET_NULL, null=True, blank=True, related_name="appointment"
    )
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        db_table = "liaison_appointment"  # kept from before the app had its own label
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{mask_name(self.voter_name)} → {self.deputy}"

    def get_absolute_url(self):
        return reverse("activities:appointment_detail", args=[self.pk])


# Notices, and reports to voters with their ratings, live in their own modules; imported here to be the app's
# models.
from liaison.activities.notice_models import Notice, NoticeCopy, new_read_token  # noqa: E402, F401
from liaison.activities.report_models import (  # noqa: E402, F401
    Rating,
    RatingBallot,
    RatingCode,
    RatingMark,
    VoterReport,
)
