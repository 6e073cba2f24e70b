"""The visits log (四访): the officer writes down each meeting with voters and what was raised."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.selectors import deputies_visible_to
from liaison.activities.forms import VisitEntryFormSet, VisitForm
from liaison.activities.models import Activity, Invitation, Visit
from liaison.activities.selectors import activities_managed_by, visits_visible_to
from liaison.activities.services import visit_log
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
def visit_create(request):
    user = request.user
    initial = {"date": timezone.localdate(), "officer": user.pk if user.is_officer else None, "voters_met": 0}
    activity_id = request.GET.get("activity")
    if activity_id and activity_id.isdigit():
        day = activities_managed_by(user).filter(pk=activity_id).first()
        if day:
            initial.update(
                activity=day.pk,
                station=day.station_id,
                place=day.place,
                date=timezone.localdate(day.starts_at),
                deputies=[i.deputy_id for i in day.invitations.exclude(reply=Invitation.Reply.LEAVE)],
            )
    form = VisitForm(
        request.POST or None,
        initial=initial,
        stations=stations_managed_by(user),
        deputies=deputies_visible_to(user).filter(is_active=True),
        activities=activities_managed_by(user).filter(kind=Activity.Kind.RECEPTION).order_by("-starts_at"),
    )
    entries = VisitEntryFormSet(request.POST or None, prefix="entries")
    if request.method == "POST" and form.is_valid() and entries.is_valid():
        rows = [row for row in entries.cleaned_data if row and row.get("raised", "").strip()]
        fields = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name not in {"station", "deputies"}
        }
        visit = visit_log(
            actor=user,
            station=form.cleaned_data["station"],
            deputies=form.cleaned_data["deputies"],
            entries=rows,
            **fields,
        )
        messages.success(request, _("Visit logged with %(count)s voters.") % {"count": visit.voters_met})
        if request.POST.get("another"):
            return redirect(f"{reverse('activities:visit_create')}?activity={visit.activity_id or ''}")
        return redirect(visit)
    return render(request, "activities/visit_form.html", {"form": form, "entries": entries})


@role_required(manages_network)
def visit_detail(request, pk):
    visit = get_object_or_404(
        visits_visible_to(request.user)
        .select_related("station", "officer", "activity", "created_by")
        .prefetch_related("deputies", "entries"),
        pk=pk,
    )
    return render(request, "activities/visit_detail.html", {"visit": visit})
