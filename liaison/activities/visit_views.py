"""The visits log (四访): the list and each visit's page. A visit is logged in voters/views/visits.py, which
registers what each voter raised as an opinion on save."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from liaison.activities.models import Visit
from liaison.activities.selectors import visits_visible_to
from liaison.core.access import manages_network, role_required
from liaison.core.pagination import paginate
from liaison.core.periods import period_from
from liaison.selectors import stations_managed_by


@role_required(manages_network)
def visit_list(request):
    user = request.user
    visits = visits_visible_to(user)
    if request.GET.get("kind") in Visit.Kind.values:
        visits = visits.filter(kind=request.GET["kind"])
    visits = (
        visits.order_by("-date", "-pk")
        .select_related("station", "officer")
        .annotate(entry_count=Count("entries"))
        .prefetch_related("deputies")
    )
    return render(
        request,
        "activities/visit_list.html",
        {
            "page": paginate(request, visits),
            "kinds": Visit.Kind.choices,
            "book_form": period_from(request, stations_managed_by(user))[0],
        },
    )


@role_required(manages_network)
def visit_detail(request, pk):
    visit = get_object_or_404(
        visits_visible_to(request.user)
        .select_related("station", "officer", "activity", "created_by")
        # Each entry with the opinion registered from it (voters.Opinion.visit_entry), named by relation only.
        .prefetch_related("deputies", "entries__opinion"),
        pk=pk,
    )
    unregistered = [entry for entry in visit.entries.all() if not hasattr(entry, "opinion")]
    return render(request, "activities/visit_detail.html", {"visit": visit, "unregistered": unregistered})
