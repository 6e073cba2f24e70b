"""Appointments (约访): a voter asks to meet a deputy, the officer proposes a time and logs the outcome."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from deputies.selectors import deputies_visible_to
from liaison.activities.forms import AppointmentForm, CloseForm, ProposeForm
from liaison.activities.selectors import appointments_filtered, appointments_visible_to
from liaison.activities.services import appointment_close, appointment_propose, appointment_request
from liaison.core.access import manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.permissions import can_reveal
from liaison.security import SecurityEvent, security_record
from liaison.selectors import stations_managed_by


@role_required(manages_network)
def appointment_list(request):
    appointments = appointments_filtered(appointments_visible_to(request.user), request.GET).select_related(
        "station", "deputy"
    )
    return render(request, "activities/appointment_list.html", {"page": paginate(request, appointments)})


@role_required(manages_network)
def appointment_create(request):
    form = AppointmentForm(
        request.POST or None,
        stations=stations_managed_by(request.user),
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    if form.is_valid():
        appointment = appointment_request(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Appointment request recorded: propose a time."))
        return redirect(appointment)
    return render(request, "form_page.html", {"form": form, "title": _("New appointment request")})


@role_required(manages_network_or_deputy)
def appointment_detail(request, pk):
    return _appointment_page(request, pk)


def _appointment_page(request, pk, revealed=False):
    appointment = get_object_or_404(
        appointments_visible_to(request.user).select_related("station", "deputy", "visit"), pk=pk
    )
    can_manage = manages_network(request.user)
    context = {
        "appointment": appointment,
        "revealed": revealed,
        "can_reveal": can_reveal(request.user),
        "can_manage": can_manage,
        "propose_form": ProposeForm(initial={"place": appointment.place or appointment.station.address})
        if can_manage
        else None,
        "close_form": CloseForm() if can_manage else None,
    }
    return render(request, "activities/appointment_detail.html", context)


@role_required(can_reveal)
@require_POST
def appointment_reveal(request, pk):
    """The voter's full name and phone, for this response only, written to the security log (PIPL): the
    officer calls them to arrange the meeting."""
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    security_record(SecurityEvent.Kind.PERSONAL_DATA_REVEALED, request=request, target=appointment)
    return _appointment_page(request, pk, revealed=True)


@require_POST
@role_required(manages_network)
def appointment_propose_view(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a time and a place."))
        return redirect(appointment)
    with refused_to_message(request, appointment) as refusal:
        appointment_propose(appointment=appointment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Time proposed; the deputy has been told."))
    return refusal.response or redirect(appointment)


@require_POST
@role_required(manages_network)
def appointment_close_view(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the outcome."))
        return redirect(appointment)
    with refused_to_message(request, appointment) as refusal:
        appointment_close(appointment=appointment, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Outcome logged."))
    return refusal.response or redirect(appointment)
