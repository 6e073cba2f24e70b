"""The public pages, without an account: the form reached from a station's or a deputy's QR code, and
following an opinion by its tracking code; and the station's poster with that code."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from deputies.models import Deputy
from deputies.selectors import roster_rows
from liaison.core import posters
from liaison.core.access import manages_network, role_required
from liaison.models import Station
from liaison.selectors import stations_visible_to
from voters import throttle
from voters.forms import PublicOpinionForm, TrackForm
from voters.models import Opinion, OpinionEvent, normalise_tracking_code
from voters.services.intake import AlreadyReceived, Throttled, online_intake_check, opinion_intake_online
from voters.views.base import posted


@never_cache
def public_station(request, pk):
    station = get_object_or_404(Station, pk=pk, is_active=True)
    return _public_form(request, station=station, deputy=None)


@never_cache
def public_deputy(request, token):
    deputy = get_object_or_404(roster_rows(Deputy.objects.filter(is_active=True)), public_token=token)
    stations = [s.station for s in deputy.current_stationings if s.station.is_active]
    if not stations:
        raise Http404
    return _public_form(request, station=stations[0], deputy=deputy)


def _public_form(request, *, station, deputy):
    form = PublicOpinionForm(posted(request), request.FILES if request.method == "POST" else None)
    context = {"form": form, "station": station, "deputy": deputy}
    if request.method != "POST":
        return render(request, "voters/public_form.html", context)
    if form.data.get("website"):
        # A robot filled in the hidden field: thank it and keep nothing.
        return render(request, "voters/public_thanks.html", context)
    address = get_client_ip_address(request)
    try:
        online_intake_check(address=address)
        if not form.is_valid():
            return render(request, "voters/public_form.html", context)
        data = form.cleaned_data
        opinion = opinion_intake_online(
            station=station,
            deputy=deputy,
            address=address,
            content=data["content"],
            location=data["location"],
            name=data["name"],
            phone=data["phone"],
            community=data["community"],
            consent=data["consent"],
            files=data["files"],
        )
    except AlreadyReceived as duplicate:
        messages.info(request, duplicate.messages[0])
        if duplicate.earlier is not None:
            return redirect("voters:track", code=duplicate.earlier.tracking_code)
        return render(request, "voters/public_form.html", context, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        status = 429 if isinstance(error, Throttled) else 200
        return render(request, "voters/public_form.html", context, status=status)
    request.session["voters_submitted"] = opinion.tracking_code
    return redirect("voters:track", code=opinion.tracking_code)


PUBLIC_EVENTS = {
    OpinionEvent.Kind.RECEIVED,
    OpinionEvent.Kind.TRIAGED,
    OpinionEvent.Kind.STARTED,
    OpinionEvent.Kind.RESOLVED,
    OpinionEvent.Kind.MEDIATED,
    OpinionEvent.Kind.ANSWERED,
    OpinionEvent.Kind.CLOSED,
    OpinionEvent.Kind.WITHDRAWN,
    OpinionEvent.Kind.MERGED,
}


@never_cache
def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_valid():
        return redirect("voters:track", code=form.cleaned_data["code"])
    return render(request, "voters/public_track_lookup.html", {"form": form})


@never_cache
def track(request, code):
    """What a voter sees with the tracking code: the steps and the answer, no names, phones or text."""
    address = get_client_ip_address(request)
    if throttle.over_limit("lookup", address):
        return render(request, "voters/public_busy.html", status=429)
    throttle.count("lookup", address)
    opinion = (
        Opinion.objects.select_related(
            "station",
            "category",
            "forwarded_to_deputy",
            "reception_guest",
            "merged_into__category",
            "merged_into__forwarded_to_deputy",
            "merged_into__reception_guest",
        )
        .filter(tracking_code=normalise_tracking_code(code))
        .first()
    )
    if opinion is None:  # a mistyped code: the form again, with the code to correct (under DEBUG too)
        context = {"form": TrackForm(initial={"code": code}), "not_found": True}
        return render(request, "voters/public_track_lookup.html", context, status=404)
    followed = opinion.merged_into or opinion
    events = [event for event in followed.events.order_by("at", "pk") if event.kind in PUBLIC_EVENTS]
    context = {
        "opinion": opinion,
        "followed": followed,
        "events": events,
        "just_submitted": request.session.get("voters_submitted") == opinion.tracking_code,
        "track_url": request.build_absolute_uri(reverse("voters:track", args=[opinion.tracking_code])),
    }
    return render(request, "voters/public_track.html", context)


# The station's QR code for the public form, printed by its officers -----------------------------------------


@role_required(manages_network)
def station_qr(request, pk):
    station = get_object_or_404(stations_visible_to(request.user), pk=pk)
    # The station's one A4 poster (码上找代表): its notice board and this form, as the public pages offer it.
    return posters.station_poster(request, station, back_url=station.get_absolute_url())
