"""Reception plans and the reception days they generate, with the days' public notices and each station's
notice board (seed 004: the schedule is published ahead of time)."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities.forms import PlanForm, ReceptionGuestForm
from liaison.activities.models import Activity, Invitation, ReceptionGuest
from liaison.activities.selectors import (
    activities_managed_by,
    activity_rows,
    plans_visible_to,
    published_days,
)
from liaison.activities.services import (
    plan_generate,
    reception_guest_add,
    reception_guest_remove,
    stationed_deputies,
    working_day_proposals,
)
from liaison.core.access import manages_network, role_required
from liaison.core.errors import refused_to_message
from liaison.models import Station
from liaison.selectors import stations_managed_by

# --- Reception plans -------------------------------------------------------------------------------------


@role_required(manages_network)
def plan_list(request):
    plans = (
        plans_visible_to(request.user)
        .select_related("station")
        .annotate(day_count=Count("activities"))
        .order_by("-year", "station__name")
    )
    return render(request, "activities/plan_list.html", {"plans": plans})


@role_required(manages_network)
def plan_create(request):
    form = PlanForm(
        request.POST or None,
        stations=stations_managed_by(request.user),
        initial={"year": timezone.localdate().year + 1, "start_time": "09:00", "end_time": "11:30"},
    )
    if form.is_valid():
        plan = form.save(commit=False)
        plan.created_by = request.user
        plan.save()
        messages.success(request, _("Plan saved: check it, then generate the year's days."))
        return redirect(plan)
    return render(request, "form_page.html", {"form": form, "title": _("New reception plan")})


@role_required(manages_network)
def plan_detail(request, pk):
    plan = get_object_or_404(plans_visible_to(request.user).select_related("station"), pk=pk)
    days = list(
        activity_rows(plan.activities.all()).prefetch_related("invitations__deputy").order_by("starts_at")
    )
    # The plan proposes the next working day for each day that fell on a holiday or weekend rest day.
    proposals = working_day_proposals(days)
    for day in days:
        day.proposed_day = proposals.get(day.pk)
    context = {"plan": plan, "days": days, "deputy_count": stationed_deputies(plan.station).count()}
    return render(request, "activities/plan_detail.html", context)


@require_POST
@role_required(manages_network)
def plan_generate_view(request, pk):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    with refused_to_message(request, plan) as refusal:
        days = plan_generate(plan=plan, actor=request.user)
        messages.success(request, _("%(count)s reception days created.") % {"count": len(days)})
    return refusal.response or redirect(plan)


# --- Guests of a joint reception day ------------------------------------------------------------------


@role_required(manages_network)
def reception_guests(request, pk):
    """The guests who receive voters with the deputies on a joint reception day (seed 004), and a form to add
    one."""
    activity = get_object_or_404(
        activities_managed_by(request.user).filter(kind=Activity.Kind.RECEPTION).select_related("station"),
        pk=pk,
    )
    form = ReceptionGuestForm(request.POST or None)
    if form.is_valid():
        with refused_to_message(request, activity, form=form) as refusal:
            reception_guest_add(activity=activity, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Guest added."))
            return redirect("activities:guests", activity.pk)
        if refusal.response:
            return refusal.response
    # The opinions handed to each guest's office (voters.Opinion.reception_guest), read with the guests.
    context = {"activity": activity, "form": form, "guests": activity.guests.prefetch_related("opinions")}
    return render(request, "activities/reception_guests.html", context)


@require_POST
@role_required(manages_network)
def reception_guest_remove_view(request, pk):
    guest = get_object_or_404(
        ReceptionGuest.objects.filter(activity__in=activities_managed_by(request.user)).select_related(
            "activity"
        ),
        pk=pk,
    )
    back = reverse("activities:guests", args=[guest.activity_id])
    with refused_to_message(request, back) as refusal:
        reception_guest_remove(guest=guest, actor=request.user)
        messages.success(request, _("Guest taken off the list."))
    return refusal.response or redirect(back)


# --- Public notices --------------------------------------------------------------------------------------


def _public_day(pk):
    activity = get_object_or_404(
        Activity.objects.filter(kind=Activity.Kind.RECEPTION, status=Activity.Status.PUBLISHED)
        .select_related("station", "organiser")
        .prefetch_related("invitations__deputy", "guests"),
        pk=pk,
    )
    activity.present = [i.deputy for i in activity.invitations.all() if i.reply != Invitation.Reply.LEAVE]
    return activity


def activity_notice(request, pk):
    """The public notice of one reception day (seed 004): time, place, deputies, officer and phone."""
    return render(request, "activities/notice.html", {"activity": _public_day(pk)})


def activity_notice_print(request, pk):
    return render(request, "activities/notice_print.html", {"activity": _public_day(pk)})


def station_board(request, pk):
    """A station's notice board (四公开): its coming reception days and those of its points."""
    station = get_object_or_404(Station.objects.filter(is_active=True), pk=pk)
    return render(request, "activities/board.html", {"station": station, "days": published_days(station)})
