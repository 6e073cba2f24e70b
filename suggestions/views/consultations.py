"""The monthly consultation (会商, seed 001): the meetings, one meeting's page (agenda, attendance, decisions,
minutes, the report on last month's suggestions), its steps, and the meeting on paper (print view and PDF)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liaison.activities.services import summary_record
from liaison.core.access import manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import ActionRefused, refused_response, refused_to_message
from liaison.core.pagination import paginate
from liaison.core.pdf import html_to_pdf, pdf_unavailable
from liaison.core.uploads import PDF, download
from suggestions.forms import ConsultationFilterForm, ConsultationOpenForm, MinutesForm, decision_forms
from suggestions.selectors import (
    consultation_attendance,
    consultation_get,
    consultation_invited,
    consultation_items,
    consultation_stations,
    consultations_managed_by,
    consultations_visible_to,
    last_month_report,
)
from suggestions.services.consultations import (
    Decision,
    consultation_decide,
    consultation_open,
    consultation_redraw,
    month_label,
)
from suggestions.transitions import consultation_actions


@role_required(manages_network_or_deputy)
def consultation_list(request):
    consultations = consultations_visible_to(request.user)
    form = ConsultationFilterForm(request.GET or None, stations=consultation_stations(request.user))
    if form.is_valid():
        if form.cleaned_data["station"]:
            consultations = consultations.filter(station=form.cleaned_data["station"])
        if form.cleaned_data["year"]:
            consultations = consultations.filter(month__year=form.cleaned_data["year"])
    context = {
        "form": form,
        "page": paginate(request, consultations.order_by("-month", "station__name", "pk")),
        "can_manage": manages_network(request.user),
    }
    return render(request, "suggestions/consultation_list.html", context)


@role_required(manages_network)
def consultation_create(request):
    stations = consultation_stations(request.user)
    initial = {"month": timezone.localdate().replace(day=1), "station": stations.first()}
    form = ConsultationOpenForm(request.POST or None, initial=initial, stations=stations)
    if form.is_valid():
        with refused_to_message(request, reverse("suggestions:consultations"), form=form) as refusal:
            consultation = consultation_open(actor=request.user, **form.cleaned_data)
            messages.success(
                request, _("The meeting is planned and its agenda drawn; its deputies are invited.")
            )
            return redirect(consultation)
        if refusal.response:
            return refusal.response
    title = _("Hold a monthly consultation")
    return render(request, "suggestions/consultation_form.html", {"form": form, "title": title})


def _managed(request, pk):
    return get_object_or_404(consultations_managed_by(request.user).select_related("station"), pk=pk)


def _meeting(consultation):
    """Everything the meeting's page and its paper show, each part once."""
    return {
        "consultation": consultation,
        "activity": consultation.activity,
        "month": month_label(consultation.month),
        "groups": consultation_items(consultation),
        "attendance": consultation_attendance(consultation),
        "report": last_month_report(consultation),
    }


@role_required(manages_network_or_deputy)
def consultation_detail(request, pk):
    consultation = consultation_get(request.user, pk)
    context = _meeting(consultation)
    can_manage = consultations_managed_by(request.user).filter(pk=consultation.pk).exists()
    context["actions"] = consultation_actions(consultation) if can_manage else set()
    context["events"] = list(consultation.events.select_related("actor"))
    context["pdf_problem"] = pdf_unavailable()
    return render(request, "suggestions/consultation_detail.html", context)


@role_required(manages_network)
def consultation_decide_view(request, pk):
    consultation = _managed(request, pk)
    if "decide" not in consultation_actions(consultation):
        messages.error(request, _("The decisions are applied once, at or after the meeting."))
        return redirect(consultation)
    items = list(
        consultation.items.select_related(
            "opinion__category", "opinion__station", "opinion__deputy"
        ).order_by("opinion__category__position", "opinion__category__name", "opinion__received_at", "pk")
    )
    deputies = consultation_invited(consultation)
    forms = decision_forms(request.POST if request.method == "POST" else None, items, deputies)
    errors = []
    if request.method == "POST" and all(form.is_valid() for form in forms):
        decisions = [Decision(item=form.item, **form.cleaned_data) for form in forms]
        try:
            applied, refused = consultation_decide(
                consultation=consultation, decisions=decisions, actor=request.user
            )
        except ActionRefused as error:
            return refused_response(request, error, consultation)
        except ValidationError as error:
            errors = error.messages  # the decisions to correct, each naming its opinion: the form stays
        else:
            messages.success(request, _("%(count)s decisions applied.") % {"count": len(applied)})
            for item in refused:
                messages.warning(request, item.refusal)
            return redirect(consultation)
    context = {"consultation": consultation, "month": month_label(consultation.month), "forms": forms}
    context["errors"] = errors
    return render(request, "suggestions/consultation_decide.html", context)


@require_POST
@role_required(manages_network)
def consultation_redraw_view(request, pk):
    consultation = _managed(request, pk)
    with refused_to_message(request, consultation) as refusal:
        consultation_redraw(consultation=consultation, actor=request.user)
        messages.success(request, _("The agenda was drawn again from the opinions as they are now."))
    return refusal.response or redirect(consultation)


@role_required(manages_network)
def consultation_minutes_view(request, pk):
    consultation = _managed(request, pk)
    form = MinutesForm(request.POST or None, initial={"minutes": consultation.activity.summary})
    if form.is_valid():
        with refused_to_message(request, consultation, form=form) as refusal:
            summary_record(
                activity=consultation.activity, actor=request.user, summary=form.cleaned_data["minutes"]
            )
            messages.success(request, _("The minutes are saved."))
            return redirect(consultation)
        if refusal.response:
            return refusal.response
    context = {"form": form, "title": _("Minutes"), "consultation": consultation}
    return render(request, "suggestions/consultation_form.html", context)


def _paper(request, consultation, *, for_pdf, problem=None):
    context = _meeting(consultation)
    context.update({"for_pdf": for_pdf, "printed_on": timezone.localdate(), "pdf_problem": problem})
    return render_to_string("suggestions/consultation_paper.html", context, request=request)


@role_required(manages_network_or_deputy)
def consultation_print(request, pk):
    consultation = consultation_get(request.user, pk)
    return HttpResponse(_paper(request, consultation, for_pdf=False, problem=pdf_unavailable()))


@role_required(manages_network_or_deputy)
def consultation_pdf(request, pk):
    """The meeting as a PDF; where this server cannot make one, the print view saying what to install."""
    consultation = consultation_get(request.user, pk)
    problem = pdf_unavailable()
    if problem:
        return consultation_print(request, pk)
    pdf = html_to_pdf(_paper(request, consultation, for_pdf=True), stylesheets=["core/book.css"])
    return download(pdf, PDF, f"{consultation.station.name}-{consultation.month:%Y-%m}.pdf")
