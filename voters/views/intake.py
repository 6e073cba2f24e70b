"""Entering opinions: the officer's form (a reception day, a call, a letter...) with its hint of similar
opinions, and the voters met during a logged visit turned into opinions."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from deputies.selectors import deputies_visible_to
from liaison.activities.models import Visit
from liaison.core.access import manages_network, role_required
from liaison.selectors import stations_managed_by
from voters.forms import OpinionForm
from voters.selectors import opinion_rows, opinions_managed_by, opinions_visible_to
from voters.services.intake import opinion_intake, opinions_from_visit
from voters.similarity import similar_open_opinions
from voters.views.base import posted


@role_required(manages_network)
def opinion_create_view(request):
    stations = stations_managed_by(request.user).filter(is_active=True)
    kept = {
        key: request.GET[key]
        for key in ("station", "channel", "deputy", "received_at")
        if request.GET.get(key)
    }
    form = OpinionForm(
        posted(request),
        request.FILES if request.method == "POST" else None,
        initial=kept,
        stations=stations,
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    similar = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            opinion = opinion_intake(actor=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Opinion %(code)s recorded.") % {"code": opinion.tracking_code})
            if "another" in request.POST:
                setting = {
                    "station": data["station"].pk,
                    "channel": data["channel"],
                    "deputy": data["deputy"].pk if data["deputy"] else "",
                    "received_at": timezone.localtime(data["received_at"]).strftime("%Y-%m-%dT%H:%M"),
                }
                return redirect(f"{reverse('voters:create')}?{urlencode(setting)}")
            return redirect(opinion)
    elif form.is_bound and form.cleaned_data.get("station") and form.cleaned_data.get("content"):
        similar = similar_open_opinions(
            text=form.cleaned_data["content"], station=form.cleaned_data["station"]
        )
    return render(request, "voters/opinion_form.html", {"form": form, "similar": similar})


@require_GET
@role_required(manages_network)
def similar_view(request):
    """The hint shown while an opinion is typed: similar open opinions of this and neighbouring stations.
    Only code, status, station and a few words of text are shown: no personal data."""
    station = stations_managed_by(request.user).filter(pk=request.GET.get("station") or None).first()
    exclude = [int(pk) for pk in request.GET.getlist("exclude") if pk.isdigit()]
    similar = []
    if station is not None:
        similar = similar_open_opinions(
            text=request.GET.get("content", "")[:2000], station=station, exclude=exclude
        )
    managed = set(
        opinions_managed_by(request.user)
        .filter(pk__in=[o.pk for o, _s in similar])
        .values_list("pk", flat=True)
    )
    return render(request, "voters/similar.html", {"similar": similar, "managed": managed})


@role_required(manages_network)
def from_visit(request, pk):
    """The voters met during a logged visit become opinions, each linked to the visit."""
    visit = get_object_or_404(
        Visit.objects.filter(station__in=stations_managed_by(request.user)).select_related("station"), pk=pk
    )
    entries = visit.entries.filter(opinion__isnull=True).order_by("position", "pk")
    if request.method == "POST":
        created = opinions_from_visit(visit=visit, actor=request.user)
        messages.success(request, _("%(count)s opinions recorded from the visit.") % {"count": len(created)})
        return redirect(f"{reverse('voters:list')}?q=&station={visit.station_id}")
    recorded = opinion_rows(opinions_visible_to(request.user).filter(visit=visit))
    context = {"visit": visit, "entries": entries, "recorded": recorded}
    return render(request, "voters/from_visit.html", context)
