"""helpdesk's URLs, and the peer's two floors: a trivial logged-in page in helpdesk's base template (as our
floor renders ours) and a bare logged-in HttpResponse."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import include, path
from helpdesk.models import Queue


@login_required
def floor(request):
    return render(request, "bench_peer/floor.html", {"queues": Queue.objects.count()})


@login_required
def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/bare/", bare, name="bench_bare"),
    path("admin/", admin.site.urls),
    path("", include("helpdesk.urls", namespace="helpdesk")),
]
