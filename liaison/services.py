"""State changes of the network and of the working-day calendar, one function each."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.models import Holiday, Stationing
from liaison.official_calendar import known_years, official_days


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


# --- The working-day calendar -------------------------------------------------------------------------


def _stamp(holiday, *, source, actor):
    holiday.source = source
    holiday.changed_by = actor
    holiday.changed_at = timezone.now()
    holiday._history_user = actor  # the history says who, from a command as from a page


@transaction.atomic
def calendar_load_year(*, year, actor=None):
    """Fill the year's days from the State Council's schedule: new days added, official days brought up to
    date; a day staff corrected is kept as they left it. Returns the counts {added, updated, kept}."""
    days = official_days(year)
    if days is None:
        years = known_years()
        raise ActionRefused(
            _(
                "The official schedule of %(year)s is not in the installed calendar package (it knows "
                "%(first)s to %(last)s). Update chinesecalendar once the State Council has published it, "
                "or enter the days by hand."
            )
            % {"year": year, "first": years[0], "last": years[-1]}
        )
    existing = {
        holiday.date: holiday for holiday in Holiday.objects.select_for_update().filter(date__year=year)
    }
    counts = {"added": 0, "updated": 0, "kept": 0}
    for day in days:
        holiday = existing.get(day.date)
        if holiday is not None and holiday.source == Holiday.Source.STAFF:
            counts["kept"] += 1
            continue
        if holiday is not None and (holiday.name, holiday.is_working_day) == (day.name, day.is_working_day):
            continue
        counts["updated" if holiday else "added"] += 1
        holiday = holiday or Holiday(date=day.date)
        holiday.name, holiday.is_working_day = day.name, day.is_working_day
        _stamp(holiday, source=Holiday.Source.OFFICIAL, actor=actor)
        holiday.save()
    return counts


@transaction.atomic
def holiday_correct(*, holiday, actor):
    """Save a day as staff entered or corrected it (`holiday` carries the new values): from now on a load
    of the official schedule leaves it alone."""
    _stamp(holiday, source=Holiday.Source.STAFF, actor=actor)
    holiday.save()
    return holiday
