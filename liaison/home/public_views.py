"""The public site of each station and its posters: no account, nothing personal about voters.

Caching: a station's board is rendered once per station and language and kept PUBLIC_CACHE_SECONDS in the
shared cache (Redis in production); edits show within that time (a short TTL instead of invalidation: the
board reads six apps' records, and a few minutes' delay is harmless on a notice board). The station itself is
read on every request, so a station taken out of service disappears at once. Browsers and proxies may keep
the page as long (Cache-Control public, Vary: Cookie since the language is chosen by cookie); pages served to a logged-in user are sent no-store by
liaison.middleware all the same."""

from django.core.cache import cache
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.cache import cache_control
from django.views.decorators.vary import vary_on_cookie

from deputies.selectors import public_deputy_get
from liaison.core import posters
from liaison.home.public_board import deputy_board, public_stations, station_board
from liaison.models import Station

PUBLIC_CACHE_SECONDS = 300


def cached_fragment(key, template, build_context):
    """A rendered piece of a public page from the cache, or rendered now and kept. `build_context` runs only
    on a miss. The fragment depends on nothing of the request (no user, no CSRF token)."""
    key = f"{key}:{get_language()}"
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, build_context())
        cache.set(key, html, PUBLIC_CACHE_SECONDS)
    return mark_safe(html)  # our own template's output, escaped when it was rendered


@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie
def station_index(request):
    """Where a visitor finds their station: the liaison stations and the places of their networks."""
    stations = (
        public_stations()
        .filter(kind=Station.Kind.STATION)
        .prefetch_related(Prefetch("children", queryset=public_stations().order_by("name")))
        .order_by("name")
    )
    return render(request, "home/public_index.html", {"stations": stations})


@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie
def station_public(request, pk):
    station = get_object_or_404(public_stations().select_related("parent"), pk=pk)
    body = cached_fragment(
        f"liaison:public:station:{station.pk}",
        "home/public_station_body.html",
        lambda: station_board(station),
    )
    return render(request, "home/public_station.html", {"station": station, "body": body})


@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie
def station_poster(request, pk):
    station = get_object_or_404(public_stations(), pk=pk)
    return posters.station_poster(request, station)


@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie
def deputy_public_poster(request, token):
    return posters.deputy_poster(request, public_deputy_get(token))


@cache_control(public=True, max_age=PUBLIC_CACHE_SECONDS)
@vary_on_cookie
def deputy_public(request, token):
    """The page a voter reaches from the deputy's QR code: who they are, where to find them, their pledge and
    what they did this year (亮身份 亮承诺 亮履职, seed 001). The duties part is cached a few minutes
    (the module's opening comment says why); the deputy is read on every request so a deputy leaving office
    disappears at once."""
    deputy = public_deputy_get(token)
    stations = [stationing.station for stationing in deputy.current_stationings]
    duties = cached_fragment(
        f"home:deputy_public:{deputy.pk}", "home/deputy_public_duties.html", lambda: deputy_board(deputy)
    )
    return render(
        request, "home/deputy_public.html", {"deputy": deputy, "stations": stations, "duties": duties}
    )
