"""The working-day calendar, for staff: a year's days, loading the year from the official schedule,
correcting a day and adding one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.core.access import is_committee_staff, is_deployment_staff, role_required
from liaison.core.errors import ActionRefused
from liaison.forms import HolidayAddForm, HolidayCorrectForm
from liaison.models import Holiday
from liaison.official_calendar import known_years
from liaison.selectors import calendar_days
from liaison.services import calendar_load_year, holiday_correct

# Years a page is offered for; any other in the address is a 404 rather than a date out of range.
FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year_or_404(year):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


@role_required(is_committee_staff)
def calendar_year(request, year=None):
    year = _year_or_404(year or timezone.localdate().year)
    # Staff of one street or district read the deployment's calendar; its days are not theirs to change.
    if request.method == "POST" and not is_deployment_staff(request.user):
        raise PermissionDenied
    form = HolidayAddForm(request.POST or None, initial={"date": f"{year}-01-01"})
    if form.is_valid():
        holiday = holiday_correct(holiday=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("calendar:year", holiday.date.year)
    years = known_years()
    context = {
        "year": year,
        "days": calendar_days(year),
        "form": form,
        "official_known": year in years,
        "official_first": years[0],
        "official_last": years[-1],
    }
    return render(request, "liaison/calendar_year.html", context)


@require_POST
@role_required(is_deployment_staff)
def calendar_load(request, year):
    year = _year_or_404(year)
    try:
        counts = calendar_load_year(year=year, actor=request.user)
    except ActionRefused as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("calendar:year", year)
    messages.success(
        request,
        _(
            "%(year)s loaded from the official schedule: %(added)s days added, %(updated)s updated, "
            "%(kept)s kept as staff corrected them."
        )
        % {"year": year, **counts},
    )
    return redirect("calendar:year", year)


@role_required(is_deployment_staff)
def holiday_edit(request, pk):
    holiday = get_object_or_404(Holiday.objects.select_related("changed_by"), pk=pk)
    form = HolidayCorrectForm(request.POST or None, instance=holiday)
    if form.is_valid():
        holiday_correct(holiday=form.save(commit=False), actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("calendar:year", holiday.date.year)
    return render(request, "liaison/calendar_day.html", {"form": form, "holiday": holiday})
