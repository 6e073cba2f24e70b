"""The site as served in the benchmark, plus the floor: a trivial page behind the same login and middleware as
the others, with one query, that every main page is measured against. It lives here, not in the product."""

from django.shortcuts import render
from django.urls import include, path

from liaison.core.access import any_signed_in, role_required
from liaison.models import Station


@role_required(any_signed_in)
def ping(request):
    return render(request, "bench/ping.html", {"stations": Station.objects.filter(is_active=True).count()})


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("", include("liaison.urls")),
]
