from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from liaison.core.access import any_signed_in, is_committee_staff, role_required
from liaison.core.pagination import paginate
from liaison.home import staff_tables
from liaison.home.dashboards import home_context
from liaison.home.tasks import recount_staff_figures


@role_required(any_signed_in)
def home(request):
    """Each role's own start page: what needs them now (liaison/home/dashboards.py)."""
    context = home_context(request.user)
    if context.get("recount"):
        recount_staff_figures.delay(request.user.pk, get_language())
    return render(request, "home/home.html", context)


def _table(request, template, rows_in, rows_of, **extra):
    """A full table of the staff dashboard: a page of rows found by name, counted for that page only."""
    text = request.GET.get("q", "").strip()
    year = timezone.localdate().year
    page = paginate(request, rows_in(request.user, text))
    context = {
        "page": page,
        "q": text,
        "year": year,
        "rows": rows_of(request.user, year, list(page)),
        **extra,
    }
    return render(request, template, context)


@role_required(is_committee_staff)
def staff_units(request):
    """The lead units' 办结率, 满意率, on-time reply rate and overdue this year, by quarter of receipt."""
    year = timezone.localdate().year
    return _table(
        request,
        "home/staff_units.html",
        staff_tables.units_in,
        staff_tables.unit_rows,
        quarters=staff_tables.quarter_labels(year),
    )


@role_required(is_committee_staff)
def staff_stations(request):
    """Activities and reception days held this year, per station."""
    return _table(request, "home/staff_stations.html", staff_tables.stations_in, staff_tables.station_rows)


@role_required(is_committee_staff)
def staff_streets(request):
    """The streets and towns compared, this year."""
    return _table(request, "home/staff_streets.html", staff_tables.streets_in, staff_tables.street_rows)
