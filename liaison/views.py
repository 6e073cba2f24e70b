from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.models import Deputy
from liaison.access import manages_network, role_required
from liaison.dashboards import home_context
from liaison.forms import StationForm, StationingForm
from liaison.models import Station, Stationing
from liaison.selectors import (
    current_stationings,
    network_tree,
    stations_managed_by,
    stations_visible_to,
)
from liaison.services import stationing_end, stationing_start


@role_required(lambda user: True)
def ping(request):
    """A trivial page behind the same login and middleware as the others, with one query: the floor the
    benchmark (bench/) measures every main page against."""
    return render(request, "liaison/ping.html", {"stations": Station.objects.filter(is_active=True).count()})


@role_required(lambda user: True)
def home(request):
    """Each role's own start page: what needs them now (liaison.dashboards)."""
    return render(request, "liaison/home.html", home_context(request.user))


@role_required(manages_network)
def network(request):
    return render(request, "liaison/network.html", {"roots": network_tree(request.user)})


@role_required(lambda user: manages_network(user) or user.is_deputy)
def station_detail(request, pk):
    station = get_object_or_404(stations_visible_to(request.user).select_related("parent", "head"), pk=pk)
    context = {
        "station": station,
        "children": station.children.filter(pk__in=stations_visible_to(request.user).values("pk")).annotate(
            deputy_count=Count("stationings", filter=Q(stationings__until__isnull=True))
        ),
        "stationings": current_stationings(station),
        "officers": station.officers.filter(is_active=True).order_by("display_name"),
        "can_manage": stations_managed_by(request.user).filter(pk=station.pk).exists(),
    }
    return render(request, "liaison/station_detail.html", context)


@role_required(lambda user: user.is_committee_staff)
def station_create(request):
    return _station_form(request, Station())


@role_required(manages_network)
def station_edit(request, pk):
    return _station_form(request, get_object_or_404(stations_managed_by(request.user), pk=pk))


def _station_form(request, station):
    parents = Station.objects.filter(kind=Station.Kind.STATION).exclude(pk=station.pk)
    form = StationForm(request.POST or None, instance=station, parents=parents)
    if form.is_valid():
        station = form.save()
        messages.success(request, _("Saved."))
        return redirect(station)
    return render(request, "liaison/station_form.html", {"form": form, "station": station})


@role_required(manages_network)
def stationing_add(request, pk):
    station = get_object_or_404(stations_managed_by(request.user), pk=pk)
    already = Stationing.objects.filter(station=station, until__isnull=True).values("deputy")
    form = StationingForm(
        request.POST or None,
        initial={"since": timezone.localdate()},
        deputies=Deputy.objects.filter(is_active=True).exclude(pk__in=already),
    )
    if form.is_valid():
        try:
            stationing_start(station=station, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(deputy)s is now stationed here.") % {"deputy": form.cleaned_data["deputy"]}
            )
            return redirect(station)
    return render(request, "liaison/stationing_form.html", {"form": form, "station": station})


@require_POST
@role_required(manages_network)
def stationing_end_view(request, pk):
    stationing = get_object_or_404(
        Stationing.objects.filter(station__in=stations_managed_by(request.user)).select_related("station"),
        pk=pk,
    )
    try:
        stationing_end(stationing=stationing)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The stationing has ended."))
    return redirect(stationing.station)
