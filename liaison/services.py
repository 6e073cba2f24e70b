"""State changes of the network, one function each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.models import Stationing


@transaction.atomic
def stationing_start(*, deputy, station, since=None):
    """Station a deputy at a place (进站); a deputy already stationed there stays as they are."""
    existing = Stationing.objects.select_for_update().filter(
        deputy=deputy, station=station, until__isnull=True
    )
    if existing.exists():
        raise ActionRefused(
            _("%(deputy)s is already stationed at %(station)s.") % {"deputy": deputy, "station": station}
        )
    return Stationing.objects.create(deputy=deputy, station=station, since=since or timezone.localdate())


@transaction.atomic
def stationing_end(*, stationing, until=None):
    """End a stationing; the record stays, so the station's history keeps who served there."""
    stationing = Stationing.objects.select_for_update().get(pk=stationing.pk)
    if stationing.until is not None:
        raise ActionRefused(_("This stationing has already ended."))
    until = until or timezone.localdate()
    if until < stationing.since:
        raise ValidationError(_("The end date cannot be before the start date."))
    stationing.until = until
    stationing.save(update_fields=["until"])
    return stationing
