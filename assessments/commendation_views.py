"""Commendations (评先选优, seeds 000, 001, 004): the list with its figures, nominating, deciding, the
workbook. Reads go through assessments.selectors, moves through assessments.commendations."""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.commendation_figures import attach_figures
from assessments.commendations import (
    NOMINEE_FIELD,
    commendation_decline,
    commendation_nominate,
    commendation_select,
    decisions_for,
    kinds_nominated_by,
    year_is_published,
)
from assessments.forms import CommendationDecisionForm, CommendationFilterForm, CommendationForm
from assessments.models import Commendation
from assessments.selectors import commendation_get, commendations_visible_to, nominees_for
from liaison.core import excel
from liaison.core.access import is_committee_staff, manages_network, role_required
from liaison.core.errors import ActionRefused, refused_to_message
from liaison.core.pagination import paginate
from liaison.core.params import whole_number

Status = Commendation.Status


def _filtered(request):
    form = CommendationFilterForm(request.GET or None)
    year = timezone.localdate().year
    commendations = commendations_visible_to(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        year = data.get("year") or year
        if data.get("kind"):
            commendations = commendations.filter(kind=data["kind"])
        if data.get("status"):
            commendations = commendations.filter(status=data["status"])
        if data.get("q"):
            text = data["q"].strip()
            commendations = commendations.filter(
                Q(deputy__name__icontains=text)
                | Q(station__name__icontains=text)
                | Q(suggestion__title__icontains=text)
                | Q(suggestion__number=text)
                | Q(unit__name__icontains=text)
                | Q(reason__icontains=text)
            )
    return form, year, commendations.filter(year=year).order_by("kind", "status", "pk")


@role_required(manages_network)
def commendation_list(request):
    form, year, commendations = _filtered(request)
    page = paginate(request, commendations)
    rows = attach_figures(list(page))
    published = year_is_published(year)
    for commendation in rows:
        commendation.decisions = decisions_for(request.user, commendation, published=published)
    context = {
        "filter": {"form": form},
        "page": page,
        "rows": rows,
        "year": year,
        "published": published,
        "may_nominate": bool(kinds_nominated_by(request.user)) and not published,
        "query": request.GET.urlencode(),
    }
    return render(request, "assessments/commendation_list.html", context)


@role_required(manages_network)
def commendation_nominate_view(request):
    year = whole_number(request.GET.get("year"), default=timezone.localdate().year, maximum=2100)
    if request.method == "POST":
        year = whole_number(request.POST.get("year"), default=year, maximum=2100)
    found = nominees_for(request.user, year)
    initial = {"year": year, "kind": request.GET.get("kind", "")}
    for field in NOMINEE_FIELD.values():
        if request.GET.get(field):
            initial[field] = request.GET[field]
    form = CommendationForm(
        request.POST or None,
        kinds=kinds_nominated_by(request.user),
        nominees=lambda kind: found[kind],
        initial=initial,
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            commendation = commendation_nominate(
                year=data["year"],
                kind=data["kind"],
                nominee=data["nominee"],
                actor=request.user,
                reason=data["reason"],
            )
        except ActionRefused as error:  # said on the form, which keeps what was typed
            form.add_error(None, error)
        else:
            messages.success(request, _("The nomination is recorded."))
            return redirect(commendation)
    return render(request, "assessments/commendation_form.html", {"form": form, "year": year})


@role_required(manages_network)
def commendation_detail(request, pk):
    commendation = commendation_get(request.user, pk)
    attach_figures([commendation])
    context = {
        "commendation": commendation,
        "decisions": decisions_for(request.user, commendation),
        "events": commendation.events.all(),
    }
    return render(request, "assessments/commendation_detail.html", context)


@require_POST
@role_required(is_committee_staff)
def commendation_decide(request, pk):
    commendation = commendation_get(request.user, pk)
    form = CommendationDecisionForm(request.POST)
    with refused_to_message(request, commendation) as refusal:
        if not form.is_valid():
            messages.error(request, _("Choose a decision."))
            return redirect(commendation)
        note = form.cleaned_data["note"]
        if form.cleaned_data["decision"] == Status.SELECTED:
            commendation_select(commendation=commendation, actor=request.user, note=note)
            messages.success(request, _("Selected."))
        else:
            commendation_decline(commendation=commendation, actor=request.user, note=note)
            messages.success(request, _("Not selected; the reason is kept."))
    return refusal.response or redirect(commendation)


@role_required(manages_network)
def commendation_export(request):
    _form, year, commendations = _filtered(request)
    rows = attach_figures(list(commendations))
    workbook = excel.new_workbook()
    headers = [
        _("Year"),
        _("Commendation"),
        _("Nominee"),
        _("Reason for the nomination"),
        _("Nominated by"),
        _("Nominated on"),
        _("Status"),
        _("Reason for the decision"),
        _("Decided"),
        _("Figures"),
    ]
    excel.add_table_sheet(
        workbook,
        _("Commendations"),
        headers,
        (
            [
                commendation.year,
                commendation.get_kind_display(),
                str(commendation.nominee),
                commendation.reason,
                str(commendation.nominated_by or ""),
                commendation.nominated_at,
                commendation.get_status_display(),
                commendation.decision_note,
                commendation.decided_at,
                "；".join(str(figure) for figure in commendation.figures),
            ]
            for commendation in rows
        ),
        widths=[8, 16, 30, 40, 14, 18, 10, 30, 18, 60],
    )
    return excel.workbook_response(workbook, _("commendations-%(year)s.xlsx") % {"year": year})
