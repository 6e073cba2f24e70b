from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from liaison.core.access import is_committee_staff, manages_network, manages_network_or_deputy, role_required
from liaison.forms import StationForm
from liaison.models import Station
from liaison.selectors import (
    current_stationings,
    network_tree,
    stations_managed_by,
    stations_visible_to,
)


@role_required(manages_network)
def network(request):
    return render(request, "liaison/network.html", {"roots": network_tree(request.user)})


@role_required(manages_network_or_deputy)
def station_detail(request, pk):
    visible = stations_visible_to(request.user)
    station = get_object_or_404(visible.select_related("parent__jurisdiction", "jurisdiction", "head"), pk=pk)
    context = {
        "station": station,
        # A deputy stationed at a point may not open its station: name it without a link to a 404.
        "parent_visible": station.parent_id is not None and visible.filter(pk=station.parent_id).exists(),
        "children": station.children.filter(pk__in=visible.values("pk")).annotate(
            deputy_count=Count("stationings", filter=Q(stationings__until__isnull=True))
        ),
        "stationings": current_stationings(station),
        "officers": station.officers.filter(is_active=True).order_by("display_name"),
        "can_manage": stations_managed_by(request.user).filter(pk=station.pk).exists(),
    }
    return render(request, "liaison/station_detail.html", context)


@role_required(is_committee_staff)
def station_create(request):
    return _station_form(request, Station())


@role_required(manages_network)
def station_edit(request, pk):
    return _station_form(request, get_object_or_404(stations_managed_by(request.user), pk=pk))


def _station_form(request, station):
    parents = stations_visible_to(request.user).filter(kind=Station.Kind.STATION).exclude(pk=station.pk)
    form = StationForm(request.POST or None, instance=station, parents=parents, actor=request.user)
    if form.is_valid():
        station = form.save()
        messages.success(request, _("Saved."))
        return redirect(station)
    return render(request, "liaison/station_form.html", {"form": form, "station": station})
