from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingUnit(models.Model):
    """A unit that handles suggestions (承办单位): a government department, the street office, the court..."""

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
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")
        ordering = ["name"]

    def __str__(self):
        return self.name
