"""提 Propose: the deputy's draft, its submission, registration (立案), turning down and handling together; and
voters' opinions raised as a suggestion from the opinion's pages (群众点单、代表定单, seed 003)."""

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.selectors import deputies_visible_to
from liaison.core.access import is_committee_staff, manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import refused_response, refused_to_message
from suggestions import forms
from suggestions.models import Suggestion
from suggestions.selectors import similar_closed, suggestion_get, suggestions_visible_to
from suggestions.services.proposals import (
    suggestion_from_opinions,
    suggestion_merge,
    suggestion_register,
    suggestion_reject,
    suggestion_save_draft,
    suggestion_submit,
)
from suggestions.transitions import suggestion_actions
from suggestions.views.step_pages import not_open, suggestion_step_page
from voters.forms import GatherForm, TriageForm
from voters.models import Opinion, Route
from voters.selectors import opinion_rows, opinions_managed_by, triage_choices
from voters.similarity import similar_open_opinions
from voters.transitions import opinion_actions, opinion_refusal
from voters.views.opinion import opinion_step_page

Status = Suggestion.Status


@role_required(manages_network_or_deputy)
def suggestion_create(request):
    return _draft_form(request, None)


@role_required(manages_network_or_deputy)
def suggestion_edit(request, pk):
    suggestion = suggestion_get(request.user, pk)
    if "edit" not in suggestion_actions(suggestion, request.user):
        return not_open(request, suggestion)
    return _draft_form(request, suggestion)


def _lead_deputies(user):
    return deputies_visible_to(user).filter(is_active=True)


def _draft_form(request, suggestion):
    initial = None
    if suggestion is not None:
        initial = {
            "title": suggestion.title,
            "content": suggestion.content,
            "category": suggestion.category,
            "kind": suggestion.kind,
            "period": suggestion.period,
            "lead_deputy": suggestion.lead_deputy,
            "joint_deputies": list(suggestion.joint_deputies.all()),
        }
    form = forms.SuggestionForm(
        request.POST or None, initial=initial, lead_deputies=_lead_deputies(request.user)
    )
    if form.is_valid():
        with refused_to_message(request, suggestion or "suggestions:create", form=form) as refusal:
            saved = suggestion_save_draft(actor=request.user, suggestion=suggestion, **form.cleaned_data)
            messages.success(request, _("Draft saved. Submit it when it is ready."))
            return redirect(saved)
        if refusal.response:
            return refusal.response
    title = suggestion.title if suggestion else _("New suggestion")
    # Similar completed suggestions with their answers, for the title typed (or kept after an error).
    typed = form["title"].value() or ""
    context = {"form": form, "title": title, "suggestion": suggestion, "similar": similar_closed(typed)}
    return render(request, "suggestions/draft_form.html", context)


@role_required(manages_network_or_deputy)
def suggestion_submit_view(request, pk):
    return suggestion_step_page(
        request,
        pk,
        "submit",
        forms.NoteForm,
        lambda s, data: suggestion_submit(suggestion=s, actor=request.user),
        title=gettext_lazy("Submit the suggestion"),
        done=_("Submitted. The committee staff will register it."),
        form_kwargs={"label": _("Submit")},
    )


@role_required(is_committee_staff)
def register_view(request, pk):
    return suggestion_step_page(
        request,
        pk,
        "register",
        forms.NoteForm,
        lambda s, data: suggestion_register(suggestion=s, actor=request.user, note=data["note"]),
        title=gettext_lazy("Register (立案)"),
        done=_("Registered."),
        form_kwargs={"label": _("Register")},
    )


@role_required(is_committee_staff)
def reject_view(request, pk):
    return suggestion_step_page(
        request,
        pk,
        "reject",
        forms.ReasonForm,
        lambda s, data: suggestion_reject(suggestion=s, actor=request.user, reason=data["reason"]),
        title=gettext_lazy("Turn down"),
        done=_("Turned down; the deputy sees the reason."),
        form_kwargs={"label": _("Turn down")},
    )


@role_required(is_committee_staff)
def merge_view(request, pk):
    suggestion = suggestion_get(request.user, pk)
    candidates = (
        suggestions_visible_to(request.user)
        .filter(status=Status.REGISTERED, round=1, merged_into__isnull=True, merged__isnull=True)
        .exclude(pk=suggestion.pk)
        .order_by("-pk")
    )
    return suggestion_step_page(
        request,
        pk,
        "merge",
        forms.MergeForm,
        lambda s, data: suggestion_merge(
            main=s, others=list(data["others"]), actor=request.user, note=data["note"]
        ),
        title=gettext_lazy("Handle together (并案办理)"),
        done=_("These suggestions are now handled together."),
        form_kwargs={"candidates": candidates},
    )


# ---------------------------------------------------------------------------------------------------------
# 群众点单、代表定单 (seed 003): voters' opinions raised as a suggestion, from the opinion's pages


def _opinion_managed(request, pk):
    return get_object_or_404(opinion_rows(opinions_managed_by(request.user)), pk=pk)


def _not_open_for(request, opinion, step):
    return refused_response(request, opinion_refusal(opinion, step), opinion)


@role_required(manages_network)
def from_opinions_view(request, pk):
    """Gather this opinion and similar open ones into one joint suggestion."""
    opinion = _opinion_managed(request, pk)
    if "gather" not in opinion_actions(opinion):
        return _not_open_for(request, opinion, "gather")
    similar = similar_open_opinions(
        text=opinion.content, station=opinion.station, exclude=[opinion.pk], limit=10
    )
    candidates = opinions_managed_by(request.user).filter(
        pk__in=[opinion.pk, *(o.pk for o, _s in similar)],
        status__in=[Opinion.Status.RECEIVED, Opinion.Status.TRIAGED, Opinion.Status.IN_PROGRESS],
    )
    form = GatherForm(
        request.POST if request.method == "POST" else None,
        initial={"opinions": [opinion.pk], "lead_deputy": opinion.deputy},
        opinions=candidates.select_related("station").order_by("received_at"),
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Raise one joint suggestion"),
        lambda data: suggestion_from_opinions(
            opinions=data["opinions"], lead_deputy=data["lead_deputy"], actor=request.user, note=data["note"]
        ),
        _("The opinions were raised together as one suggestion."),
    )


@role_required(manages_network)
def from_triage_view(request, pk):
    """The opinion's triage form when it routes the opinion to a suggestion: the voters page hands the POST on
    here (a 307), since the draft is this app's to open. Its errors show on the same form, posted back there."""
    opinion = _opinion_managed(request, pk)
    if "triage" not in opinion_actions(opinion):
        return _not_open_for(request, opinion, "triage")
    triage_url = reverse("voters:triage", args=[opinion.pk])
    if request.method != "POST":
        return redirect(triage_url)
    form = TriageForm(request.POST, **triage_choices(request.user, opinion))
    form.helper.form_action = triage_url
    if form.is_valid() and form.cleaned_data["route"] != Route.SUGGESTION:
        return HttpResponseRedirect(triage_url, status=307)  # the other routes are the voters page's

    def raise_suggestion(data):
        details = {
            name: value for name, value in data.items() if name not in {"route", "lead_deputy", "note"}
        }
        suggestion_from_opinions(
            opinions=[opinion],
            lead_deputy=data["lead_deputy"],
            actor=request.user,
            note=data["note"],
            **details,
        )

    perform = form.checked_for_changes(opinion, raise_suggestion)
    return opinion_step_page(
        request, opinion, form, _("Triage"), perform, _("Triage recorded."), script="voters/triage.js"
    )
