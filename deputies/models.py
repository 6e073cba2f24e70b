import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from pypinyin import Style, lazy_pinyin
from simple_history.models import HistoricalRecords


class Level(models.TextChoices):
    """The five levels of people's congresses (五级代表)."""

    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    CITY = "city", _("City")
    COUNTY = "county", _("County / district")
    TOWNSHIP = "township", _("Township / town")


def new_public_token():
    return secrets.token_urlsafe(12)


class Deputy(models.Model):
    class Gender(models.TextChoices):
        MALE = "M", _("Male")
        FEMALE = "F", _("Female")

    class Party(models.TextChoices):
        CPC = "cpc", _("CPC member")
        DEMOCRATIC = "democratic", _("Democratic party member")
        NON_PARTY = "non_party", _("Non-party personage")
        MASSES = "masses", _("The masses")

    name = models.CharField(_("name"), max_length=50)
    # Search keys kept from the name, so that "zs" or "zhang" find 张三 (refreshed on save).
    name_pinyin = models.CharField(max_length=200, editable=False, db_index=True)
    name_initials = models.CharField(max_length=50, editable=False, db_index=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="汉族")
    party = models.CharField(_("party affiliation"), max_length=12, choices=Party.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=50, blank=True)
    employer = models.CharField(_("employer and post"), max_length=100, blank=True)
    sector = models.CharField(
        _("sector"), max_length=50, blank=True, help_text=_("e.g. workers, farmers, professionals")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    wecom_userid = models.CharField(
        _("WeChat Work member id"),
        max_length=64,
        blank=True,
        help_text=_("The deputy's member id (UserID) in the WeChat Work directory, for reminders there."),
    )
    photo = models.ImageField(_("photo"), upload_to="deputies/photos/", blank=True)
    pledge = models.TextField(_("public pledge"), blank=True)
    public_token = models.CharField(max_length=32, unique=True, default=new_public_token, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deputy",
    )
    is_active = models.BooleanField(_("serving"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Who changed which field of the record (shown to staff on the deputy's page); the search keys and the
    # photo file are derived or binary, not worth a history.
    history = HistoricalRecords(excluded_fields=["name_pinyin", "name_initials", "photo"])

    class Meta:
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")
        ordering = ["name_pinyin", "pk"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_pinyin, self.name_initials = name_search_keys(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_pinyin", "name_initials"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("deputies:detail", args=[self.pk])


def name_search_keys(name):
    syllables = lazy_pinyin(name, errors="ignore")
    initials = lazy_pinyin(name, style=Style.FIRST_LETTER, errors="ignore")
    return " ".join(syllables).lower(), "".join(initials).lower()


class Mandate(models.Model):
    """One mandate of a deputy: one person may hold several levels at once (seed 001)."""

    deputy = models.ForeignKey(
        Deputy, verbose_name=_("deputy"), on_delete=models.CASCADE, related_name="mandates"
    )
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    term = models.CharField(_("term"), max_length=30, help_text=_("e.g. the 18th"))
    constituency = models.CharField(_("constituency"), max_length=100, blank=True)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["deputy", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy", "level", "term"], name="one_mandate_per_level_and_term"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="mandate_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.get_level_display()} {self.term}"


class DeputyGroup(models.Model):
    """An area group (代表小组/联组) or a professional group (专业代表小组, seeds 000, 003)."""

    class Kind(models.TextChoices):
        AREA = "area", _("Area group")
        PROFESSIONAL = "professional", _("Professional group")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.AREA)
    station = models.ForeignKey(
        "liaison.Station",
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputy_groups",
    )
    leader = models.ForeignKey(
        Deputy, verbose_name=_("leader"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    members = models.ManyToManyField(
        Deputy, verbose_name=_("members"), related_name="deputy_groups", blank=True
    )

    class Meta:
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("deputies:group_detail", args=[self.pk])
