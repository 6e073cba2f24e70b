import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def import_path(instance, filename):
    # A random name: the file holds personal data and is deleted once the import has run.
    return f"imports/{secrets.token_hex(16)}.xlsx"


class ImportJob(models.Model):
    """One workbook brought in by staff (issue 15): checked whole, then written whole or not at all, in the
    request for a small file and by a worker for a large one, with its progress and every row's problems."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    # A file that is waiting, running or imported may not come in again; one that failed may, once mended.
    HOLDS_FILE = (Status.QUEUED, Status.RUNNING, Status.DONE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="import_jobs"
    )
    kind = models.CharField(_("what"), max_length=20)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=import_path, blank=True)
    params = models.JSONField(default=dict)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "sha256"],
                condition=Q(status__in=["queued", "running", "done"]),
                name="one_import_per_file",
            ),
        ]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("imports:detail", args=[self.pk])

    @property
    def is_finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
