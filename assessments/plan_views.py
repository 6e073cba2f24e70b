"""The station's yearly plan and year-end summary (seed 004): the year's page of every station one sees, each
document's page, its editing by the station's officer, its step (submit, make final) and its paper."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.forms import PlanItemFormSet, PlanNoteForm, PlanStartForm, PlanYearForm, SummaryForm
from assessments.planning import (
    plan_actions,
    plan_draft,
    plan_submit,
    plan_update,
    summary_actions,
    summary_draft,
    summary_figures,
    summary_finalise,
    summary_update,
)
from assessments.selectors import (
    keeps,
    plan_stations_kept_by,
    plan_stations_visible_to,
    work_plans_visible_to,
    year_summaries_visible_to,
)
from assessments.year_figures import activity_rows, figure_sections
from liaison.activities.models import Activity
from liaison.core.access import manages_network, role_required
from liaison.core.errors import refused_response, refused_to_message
from liaison.core.pagination import paginate
from liaison.core.params import whole_number
from liaison.core.pdf import html_to_pdf, pdf_unavailable
from liaison.core.uploads import PDF, download

PAPER_STYLESHEET = "core/book.css"


@require_GET
@role_required(manages_network)
def plan_list(request):
    """Every station one sees, with its plan and summary of the chosen year and the buttons to draft them."""
    form = PlanYearForm(request.GET or None)
    year = form.chosen_year()
    stations = plan_stations_visible_to(request.user).order_by("name", "pk")
    if form.is_valid() and form.cleaned_data["q"]:
        stations = stations.filter(name__contains=form.cleaned_data["q"].strip())
    page = paginate(request, stations)
    ids = [station.pk for station in page]
    plans = {
        plan.station_id: plan
        for plan in work_plans_visible_to(request.user).filter(station__in=ids, year=year)
    }
    summaries = {
        summary.station_id: summary
        for summary in year_summaries_visible_to(request.user).filter(station__in=ids, year=year)
    }
    kept = set(plan_stations_kept_by(request.user).filter(pk__in=ids).values_list("pk", flat=True))
    rows = [
        (station, plans.get(station.pk), summaries.get(station.pk), station.pk in kept) for station in page
    ]
    context = {"form": form, "year": year, "page": page, "rows": rows}
    return render(request, "assessments/plan_list.html", context)


def _start(request):
    """The station and year posted by a draft button; a station one does not see is a 404."""
    station = get_object_or_404(
        plan_stations_visible_to(request.user), pk=whole_number(request.POST.get("station"))
    )
    form = PlanStartForm(request.POST, stations=plan_stations_visible_to(request.user))
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    return station, year, form.is_valid()


def _back_to_year(year):
    return f"{reverse('assessments:plans')}?year={year}"


@require_POST
@role_required(manages_network)
def plan_start(request):
    station, year, valid = _start(request)
    if not valid:
        return refused_response(request, _("Choose a year from the list."), _back_to_year(year))
    with refused_to_message(request, _back_to_year(year)) as refusal:
        plan = plan_draft(station=station, year=year, actor=request.user)
        messages.success(request, _("The plan is drafted from last year's activities: check it and edit it."))
        return redirect("assessments:plan_edit", plan.pk)
    return refusal.response


@require_POST
@role_required(manages_network)
def summary_start(request):
    station, year, valid = _start(request)
    if not valid:
        return refused_response(request, _("Choose a year from the list."), _back_to_year(year))
    with refused_to_message(request, _back_to_year(year)) as refusal:
        summary = summary_draft(station=station, year=year, actor=request.user)
        messages.success(
            request, _("The summary is drafted from the year's records: rewrite it as you see fit.")
        )
        return redirect("assessments:summary_edit", summary.pk)
    return refusal.response


def _plan(request, pk):
    return get_object_or_404(work_plans_visible_to(request.user), pk=pk)


def _summary(request, pk):
    return get_object_or_404(year_summaries_visible_to(request.user), pk=pk)


def _plan_months(plan):
    """The plan's items month by month: [(month, [items])], months without items left out."""
    months = {}
    for item in plan.items.all():
        item.kind_label = KIND_LABELS.get(item.kind, item.kind)
        months.setdefault(item.month, []).append(item)
    return sorted(months.items())


KIND_LABELS = dict(Activity.Kind.choices)


@require_GET
@role_required(manages_network)
def plan_detail(request, pk):
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "months": _plan_months(plan),
        "actions": plan_actions(plan, request.user),
        "events": plan.events.select_related("actor"),
    }
    return render(request, "assessments/plan_detail.html", context)


def _editing(request, document, actions):
    """Only the station's officer edits (another's station is a 404 before this); a step closed is told."""
    if not keeps(request.user, document.station):
        raise PermissionDenied
    return None if "edit" in actions else refused_response(request, _("This step is not open now."), document)


@role_required(manages_network)
def plan_edit(request, pk):
    plan = _plan(request, pk)
    closed = _editing(request, plan, plan_actions(plan, request.user))
    if closed:
        return closed
    posted = request.method == "POST"
    initial = [
        {"month": item.month, "kind": item.kind, "title": item.title, "planned_count": item.planned_count}
        for item in plan.items.all()
    ]
    note_form = PlanNoteForm(request.POST if posted else None, initial={"note": plan.note})
    formset = PlanItemFormSet(request.POST if posted else None, initial=initial, prefix="items")
    if posted and note_form.is_valid() and formset.is_valid():
        items = [
            {name: data[name] for name in ("month", "kind", "title", "planned_count")}
            for data in formset.cleaned_data
            if data and not data.get("DELETE")
        ]
        with refused_to_message(request, plan, form=note_form) as refusal:
            plan_update(plan=plan, actor=request.user, note=note_form.cleaned_data["note"], items=items)
            messages.success(request, _("Plan saved."))
            return redirect(plan)
        if refusal.response:
            return refusal.response
    context = {"plan": plan, "note_form": note_form, "formset": formset}
    return render(request, "assessments/plan_form.html", context)


@role_required(manages_network)
def plan_submit_view(request, pk):
    plan = _plan(request, pk)
    if not keeps(request.user, plan.station):
        raise PermissionDenied
    if "submit" not in plan_actions(plan, request.user):
        return refused_response(request, _("This step is not open now."), plan)
    if request.method == "POST":
        with refused_to_message(request, plan) as refusal:
            plan_submit(plan=plan, actor=request.user)
            messages.success(request, _("Plan submitted."))
            return redirect(plan)
        return refusal.response
    context = {
        "document": plan,
        "title": _("Submit the plan"),
        "question": _("Submit the plan of %(station)s for %(year)s? It cannot be edited afterwards.")
        % {"station": plan.station.name, "year": plan.year},
        "label": _("Submit"),
    }
    return render(request, "assessments/plan_step.html", context)


def _summary_context(summary, user):
    figures = summary_figures(summary)
    return {
        "summary": summary,
        "activity_rows": activity_rows(figures),
        "sections": figure_sections(figures),
        "figures": figures,
        "actions": summary_actions(summary, user),
    }


@require_GET
@role_required(manages_network)
def summary_detail(request, pk):
    summary = _summary(request, pk)
    context = {**_summary_context(summary, request.user), "events": summary.events.select_related("actor")}
    return render(request, "assessments/summary_detail.html", context)


@role_required(manages_network)
def summary_edit(request, pk):
    summary = _summary(request, pk)
    closed = _editing(request, summary, summary_actions(summary, request.user))
    if closed:
        return closed
    form = SummaryForm(request.POST or None, instance=summary)
    if request.method == "POST" and form.is_valid():
        blocks = {name: form.cleaned_data[name] for name in summary.BLOCKS}
        with refused_to_message(request, summary, form=form) as refusal:
            summary_update(summary=summary, actor=request.user, **blocks)
            messages.success(request, _("Summary saved."))
            return redirect(summary)
        if refusal.response:
            return refusal.response
    return render(request, "assessments/summary_form.html", {"summary": summary, "form": form})


@role_required(manages_network)
def summary_finalise_view(request, pk):
    summary = _summary(request, pk)
    if not keeps(request.user, summary.station):
        raise PermissionDenied
    if "finalise" not in summary_actions(summary, request.user):
        return refused_response(request, _("This step is not open now."), summary)
    if request.method == "POST":
        with refused_to_message(request, summary) as refusal:
            summary_finalise(summary=summary, actor=request.user)
            messages.success(request, _("The summary is final; its figures are kept as they are today."))
            return redirect(summary)
        return refusal.response
    context = {
        "document": summary,
        "title": _("Make the summary final"),
        "question": _(
            "Make the summary of %(station)s for %(year)s final? Its text and figures are kept as they are now."
        )
        % {"station": summary.station.name, "year": summary.year},
        "label": _("Make final"),
    }
    return render(request, "assessments/plan_step.html", context)


def _paper(request, template, context, filename, output):
    """The document on A4: the print view, or its PDF made here (where this server cannot make one, the print
    view saying what to install, as the books do)."""
    problem = pdf_unavailable() if output == "pdf" else None
    if output == "pdf" and not problem:
        html = render_to_string(template, {**context, "for_pdf": True}, request=request)
        return download(html_to_pdf(html, stylesheets=[PAPER_STYLESHEET]), PDF, f"{filename}.pdf")
    context = {**context, "for_pdf": False, "pdf_problem": problem or pdf_unavailable()}
    return HttpResponse(render_to_string(template, context, request=request))


@require_GET
@role_required(manages_network)
def plan_paper(request, pk, output):
    plan = _plan(request, pk)
    context = {
        "plan": plan,
        "months": _plan_months(plan),
        "printed_on": timezone.localdate(),
        "back": plan.get_absolute_url(),
        "pdf_url": reverse("assessments:plan_pdf", args=[plan.pk]),
    }
    filename = _("%(station)s work plan %(year)s") % {"station": plan.station.name, "year": plan.year}
    return _paper(request, "assessments/plan_paper.html", context, filename, output)


@require_GET
@role_required(manages_network)
def summary_paper(request, pk, output):
    summary = _summary(request, pk)
    context = {
        **_summary_context(summary, request.user),
        "printed_on": timezone.localdate(),
        "back": summary.get_absolute_url(),
        "pdf_url": reverse("assessments:summary_pdf", args=[summary.pk]),
    }
    filename = _("%(station)s year-end summary %(year)s") % {
        "station": summary.station.name,
        "year": summary.year,
    }
    return _paper(request, "assessments/summary_paper.html", context, filename, output)
