from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who logs in. The role decides what they work on; the scope comes from the role's link:
    an officer's stations, a deputy's Deputy record, a unit user's handling unit."""

    class Role(models.TextChoices):
        OFFICER = "officer", _("Liaison officer")
        DEPUTY = "deputy", _("Deputy")
        STAFF = "staff", _("Committee staff")
        UNIT = "unit", _("Handling unit staff")
        ADMIN = "admin", _("Administrator")

    # Chinese names are one string; first_name/last_name stay empty.
    display_name = models.CharField(_("name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.OFFICER)
    stations = models.ManyToManyField(
        "liaison.Station", verbose_name=_("stations"), related_name="officers", blank=True
    )
    handling_unit = models.ForeignKey(
        "liaison.HandlingUnit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    password_changed_at = models.DateTimeField(_("password changed"), null=True, blank=True, editable=False)
    # Staff see and act on what lies under their level of the tree; none means the whole deployment
    # (administrators, and every account from before jurisdictions).
    jurisdiction = models.ForeignKey(
        "liaison.Jurisdiction",
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("For committee staff: the city, district or street they work for. Empty: all of them."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.username

    def set_password(self, raw_password):
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()

    @property
    def is_officer(self):
        return self.role == self.Role.OFFICER

    @property
    def is_deputy(self):
        return self.role == self.Role.DEPUTY

    @property
    def is_committee_staff(self):
        """Staff and administrators see the whole jurisdiction."""
        return self.role in {self.Role.STAFF, self.Role.ADMIN}

    @property
    def sees_everything(self):
        """Staff of no particular jurisdiction see the whole deployment; other staff what lies under theirs."""
        return self.is_committee_staff and self.jurisdiction_id is None

    @property
    def is_unit_user(self):
        return self.role == self.Role.UNIT and self.handling_unit_id is not None


class Jurisdiction(models.Model):
    """A level of the tree a deployment serves: a city, its districts, their streets and towns (DOMAIN.md:
    a district runs one system for its streets; each street's 人大工委 runs its own stations)."""

    class Level(models.TextChoices):
        CITY = "city", pgettext_lazy("jurisdiction level", "City")
        DISTRICT = "district", _("District")
        STREET = "street", _("Street or town")

    PARENT_LEVEL = {Level.DISTRICT: {Level.CITY}, Level.STREET: {Level.DISTRICT}, Level.CITY: set()}

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    # The ids from the root down, e.g. "1/4/9/": a subtree is one prefix filter, which an index serves on
    # SQLite and PostgreSQL alike. Kept by save().
    path = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        verbose_name = _("jurisdiction")
        verbose_name_plural = _("jurisdictions")
        ordering = ["path"]
        constraints = [
            # A city is the top; a street always lies in a district (whose level clean() checks).
            models.CheckConstraint(
                condition=Q(level="city", parent__isnull=True)
                | Q(level="district")
                | Q(level="street", parent__isnull=False),
                name="jurisdiction_parent_matches_level",
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="jurisdiction_name_unique_in_parent"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        old_path = self.path
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else ''}{self.pk}/"
        if path != old_path:
            Jurisdiction.objects.filter(pk=self.pk).update(path=path)
            if old_path:  # moved: its subtree moves with it
                below = list(Jurisdiction.objects.filter(path__startswith=old_path).exclude(pk=self.pk))
                for each in below:
                    each.path = path + each.path[len(old_path) :]
                Jurisdiction.objects.bulk_update(below, ["path"])
            self.path = path

    def clean(self):
        if self.parent_id is None:
            if self.level == self.Level.STREET:
                raise ValidationError({"parent": _("A street or town lies in a district.")})
            return
        if self.parent.level not in self.PARENT_LEVEL.get(self.level, set()):
            raise ValidationError({"parent": _("A street lies in a district, a district in a city.")})
        if self.pk and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A jurisdiction cannot lie inside itself.")})


class Station(models.Model):
    """A place of the "1+N" network: one liaison station and the points around it (seeds 000, 002, 003)."""

    class Kind(models.TextChoices):
        STATION = "station", _("Liaison station")
        POINT = "point", _("Community contact point")
        ENTERPRISE = "enterprise", _("Enterprise station")
        HOME = "home", _("Deputies' home")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.STATION)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("liaison station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("The liaison station a contact point, enterprise station or deputies' home belongs to."),
    )
    # The street or town a liaison station serves; its points, enterprise stations and homes are its.
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        help_text=_("The street or town of a liaison station; the places under it belong to the same."),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    area = models.TextField(_("area served"), blank=True)
    rooms = models.CharField(_("rooms"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    head = models.ForeignKey(
        User,
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_stations",
    )
    # 五上墙 (seed 004): the station's rules hang on its public notice board.
    rules = models.TextField(
        _("station rules"),
        blank=True,
        help_text=_(
            "The rules of the station as shown on its public notice board, e.g. how reception days work."
        ),
    )
    # The key of the WeChat Work group robot of the station's deputies (configuration, not a person).
    wecom_webhook_key = models.CharField(
        _("WeChat Work group robot key"),
        max_length=64,
        blank=True,
        help_text=_("The key at the end of the group robot's webhook address, for notices to the group."),
    )
    is_active = models.BooleanField(_("in service"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("station")
        verbose_name_plural = _("stations")
        ordering = ["name"]
        constraints = [
            # 1+N: a liaison station stands alone; every other place hangs under one.
            models.CheckConstraint(
                condition=Q(kind="station", parent__isnull=True)
                | (~Q(kind="station") & Q(parent__isnull=False)),
                name="station_parent_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(kind="station") | Q(jurisdiction__isnull=True),
                name="station_jurisdiction_only_on_stations",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("liaison:station_detail", args=[self.pk])

    @property
    def street(self):
        """The street or town the place serves: its own if a liaison station, else its station's."""
        return self.parent.jurisdiction if self.parent_id else self.jurisdiction


class Stationing(models.Model):
    """A deputy stationed (进站) at a station or point for a period; a deputy may be stationed at several."""

    deputy = models.ForeignKey(
        "deputies.Deputy", verbose_name=_("deputy"), on_delete=models.PROTECT, related_name="stationings"
    )
    station = models.ForeignKey(
        Station, verbose_name=_("station"), on_delete=models.PROTECT, related_name="stationings"
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("stationing")
        verbose_name_plural = _("stationings")
        ordering = ["station__name", "since"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "station"], condition=Q(until__isnull=True), name="one_open_stationing"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="stationing_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} @ {self.station}"


class HandlingUnit(models.Model):
    """A unit that handles suggestions and opinions (承办单位): a government department, the street office, the
    court... Part of the network, since opinions, suggestions and unit accounts all point at it."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        STREET_OFFICE = "street_office", _("Street office")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact_name = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    # A unit belongs to the level that assigns to it: a street office to its street, the district's bureaus
    # to the district (DOMAIN.md); none means the top of the deployment.
    jurisdiction = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("jurisdiction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="handling_units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords(table_name="suggestions_historicalhandlingunit")

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["name"]
        db_table = "suggestions_handlingunit"  # kept from when units were the suggestions app's

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("suggestions:unit_detail", args=[self.pk])


class Holiday(models.Model):
    """One day of the working-day calendar that differs from Monday-to-Friday: a public holiday, or a
    weekend day made a working day (调休). Loaded from the State Council's schedule (liaison/official_calendar.py)
    or entered by staff; a day staff corrected is never overwritten by a later load."""

    class Source(models.TextChoices):
        OFFICIAL = "official", _("Official schedule")
        STAFF = "staff", _("Corrected by staff")

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=50)
    is_working_day = models.BooleanField(
        _("working day"), default=False, help_text=_("Tick for a weekend day that is worked (调休).")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.STAFF)
    changed_by = models.ForeignKey(
        User, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("holiday")
        verbose_name_plural = _("holidays")
        ordering = ["date"]
        db_table = "suggestions_holiday"  # kept from when the calendar was the suggestions app's

    def __str__(self):
        return f"{self.date} {self.name}"


# The security log, the accounts' tokens and the policy live in their own modules; importing them here
# registers them with the app.
from liaison.accounts.models import ActivationToken, LoginCode  # noqa: E402, F401
from liaison.imports.models import ImportJob  # noqa: E402, F401
from liaison.policies.models import Policy  # noqa: E402, F401
from liaison.security import SecurityEvent  # noqa: E402, F401
