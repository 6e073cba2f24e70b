"""The printable A4 posters of 码上找代表: one template (core/poster.html) and one stylesheet
(core/poster.css) for a station's poster and a deputy's, whether a visitor prints it from the public pages
or an officer from the station's or the deputy's page. Codes are drawn here (liaison/qr.py), never by an
outside service."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.core.qr import qr_data_uri


def _code(request, url_name, args, label, hint):
    url = request.build_absolute_uri(reverse(url_name, args=args))
    return {"url": url, "image": qr_data_uri(url), "label": label, "hint": hint}


def station_poster(request, station, *, back_url=None):
    codes = [
        _code(
            request,
            "home:station_public",
            [station.pk],
            _("Our notice board"),
            _("Deputies, reception days, rules and reports"),
        ),
        _code(
            request,
            "voters:public_station",
            [station.pk],
            _("Send us your opinion"),
            _("Online at any time; a tracking code tells you what became of it"),
        ),
    ]
    context = {
        "kind": "station",
        "station": station,
        "heading": station.name,
        "codes": codes,
        "back_url": back_url or reverse("home:station_public", args=[station.pk]),
    }
    return render(request, "core/poster.html", context)


def deputy_poster(request, deputy, *, back_url=None):
    """`deputy` comes with current_mandates or mandates, and current_stationings prefetched."""
    stations = [s.station for s in deputy.current_stationings if s.station.is_active]
    codes = [
        _code(
            request,
            "home:deputy_public",
            [deputy.public_token],
            _("Find me"),
            _("Who I am, my pledge and what I did this year"),
        )
    ]
    if stations:  # the form addressed to a deputy files the opinion at their station
        codes.append(
            _code(
                request,
                "voters:public_deputy",
                [deputy.public_token],
                _("Tell me your opinion"),
                _("Online at any time; a tracking code tells you what became of it"),
            )
        )
    context = {
        "kind": "deputy",
        "deputy": deputy,
        "stations": stations,
        "heading": deputy.name,
        "codes": codes,
        "back_url": back_url or reverse("home:deputy_public", args=[deputy.public_token]),
    }
    return render(request, "core/poster.html", context)
