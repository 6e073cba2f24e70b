"""The site as served in the benchmark, plus the floor: a trivial page behind the same login and middleware as
the others, with one query, that every main page is measured against; and the bare floor, an HttpResponse
behind the same login and middleware, that shows what the base template costs. They live here, not in the
product."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path

from liaison.core.access import any_signed_in, role_required
from liaison.models import Station


@role_required(any_signed_in)
def ping(request):
    return render(request, "bench/ping.html", {"stations": Station.objects.filter(is_active=True).count()})


@role_required(any_signed_in)
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ping/", ping, name="bench_ping"),
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("liaison.urls")),
]
