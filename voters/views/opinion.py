"""One opinion: its page, the reveal of its voters, its steps (triage, handling, the return visit, closing,
withdrawing, merging) and its files."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from deputies.selectors import deputies_visible_to
from liaison.core.access import manages_network, manages_network_or_deputy, role_required
from liaison.core.errors import refused_response
from liaison.core.permissions import can_reveal
from voters.forms import (
    AttachmentForm,
    MediationForm,
    MergeForm,
    NoteForm,
    ResolveForm,
    ReturnVisitForm,
    TriageForm,
    WithdrawForm,
)
from voters.models import Attachment, Route, Voter
from voters.selectors import (
    PersonalData,
    opinion_get,
    opinion_rows,
    opinions_managed_by,
    opinions_visible_to,
    triage_choices,
    voters_visible_to,
)
from voters.services.steps import (
    attachment_add,
    opinion_close,
    opinion_merge,
    opinion_record_mediation,
    opinion_record_return_visit,
    opinion_resolve,
    opinion_start,
    opinion_triage,
    opinion_withdraw,
    voters_to_answer,
)
from voters.similarity import similar_open_opinions
from voters.transitions import opinion_actions, opinion_refusal
from voters.views.base import posted, record_reveal


@role_required(manages_network_or_deputy)
def opinion_detail(request, pk):
    return _opinion_page(request, opinion_get(request.user, pk))


@role_required(can_reveal)
def opinion_reveal(request, pk):
    """Show one voter of the opinion in full, for this response only, and log who saw whom (PIPL)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    opinion = opinion_get(request.user, pk)
    voter_id = request.POST.get("voter", "")
    voter = next((v for v in voters_to_answer(opinion) if str(v.pk) == voter_id), None)
    if voter is None or not voters_visible_to(request.user).filter(pk=voter.pk).exists():
        raise Http404
    record_reveal(request, voter, opinion)
    return _opinion_page(request, opinion, revealed={voter.pk})


def _opinion_page(request, opinion, revealed=()):
    can_manage = opinions_managed_by(request.user).filter(pk=opinion.pk).exists()
    similar = []
    if can_manage and opinion.is_open:
        similar = similar_open_opinions(text=opinion.content, station=opinion.station, exclude=[opinion.pk])
    context = {
        "opinion": opinion,
        "actions": opinion_actions(opinion),
        "people": PersonalData(request.user, revealed=revealed),
        "can_manage": can_manage,
        "can_reveal": can_reveal(request.user),
        "voters": voters_to_answer(opinion),
        "similar": similar,
        "managed": {o.pk for o, _s in similar}
        & set(
            opinions_managed_by(request.user)
            .filter(pk__in=[o.pk for o, _s in similar])
            .values_list("pk", flat=True)
        ),
        "public_url": request.build_absolute_uri(reverse("voters:track", args=[opinion.tracking_code])),
        # The suggestions raised from it (suggestions.Suggestion.source_opinions).
        "suggestions": list(opinion.suggestions.all()),
    }
    return render(request, "voters/opinion_detail.html", context)


def _managed(request, pk):
    return get_object_or_404(opinion_rows(opinions_managed_by(request.user)), pk=pk)


def opinion_step_page(request, opinion, form, title, perform, success, script=None):
    """The shape every step of an opinion shares, here and in the suggestions app's steps on opinions: a
    form, a service, a message, back to the opinion."""
    if form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect(opinion)
    context = {"opinion": opinion, "form": form, "title": title, "people": PersonalData(request.user)}
    context["script"] = script
    return render(request, "voters/opinion_action.html", context)


@role_required(manages_network)
def opinion_triage_view(request, pk):
    opinion = _managed(request, pk)
    if "triage" not in opinion_actions(opinion):
        return _not_now(request, opinion, "triage")
    initial = {
        "route": opinion.route,
        "category": opinion.category,
        "suggested_level": opinion.suggested_level,
        "partner": opinion.partner,
        "handling_unit": opinion.handling_unit,
        "refusal_reason": opinion.refusal_reason,
        "reply": opinion.reply,
        "forwarded_to_deputy": opinion.forwarded_to_deputy,
        "forwarded_to_body": opinion.forwarded_to_body,
        "mediators": list(opinion.mediators.all()),
        "reception_guest": opinion.reception_guest,
        "seen": opinion.updated_at.isoformat(),
    }
    form = TriageForm(posted(request), initial=initial, **triage_choices(request.user, opinion))
    if form.is_valid() and form.cleaned_data["route"] == Route.SUGGESTION:
        # The draft suggestion is the suggestions app's to open (it imports voters, never the reverse): the
        # same POST goes on to its page, the 307 keeping method and form.
        return HttpResponseRedirect(reverse("suggestions:from_triage", args=[opinion.pk]), status=307)
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Triage"),
        form.checked_for_changes(
            opinion,
            lambda data: opinion_triage(
                opinion=opinion,
                actor=request.user,
                **{name: value for name, value in data.items() if name != "lead_deputy"},
            ),
        ),
        _("Triage recorded."),
        script="voters/triage.js",
    )


@role_required(manages_network)
def opinion_start_view(request, pk):
    opinion = _managed(request, pk)
    if "start" not in opinion_actions(opinion):
        return _not_now(request, opinion, "start")
    form = NoteForm(posted(request), submit=_("Start handling"))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Start handling"),
        lambda data: opinion_start(opinion=opinion, actor=request.user, **data),
        _("Handling started."),
    )


@role_required(manages_network)
def opinion_resolve_view(request, pk):
    opinion = _managed(request, pk)
    if "resolve" not in opinion_actions(opinion):
        return _not_now(request, opinion, "resolve")
    form = ResolveForm(posted(request), initial={"reply": opinion.reply})
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Mark resolved"),
        lambda data: opinion_resolve(opinion=opinion, actor=request.user, **data),
        _("Marked resolved; now tell the voter (return visit)."),
    )


@role_required(manages_network)
def opinion_mediation_view(request, pk):
    """The outcome of a mediation by the station's deputies (seeds 001, 002); the return visit follows."""
    opinion = _managed(request, pk)
    if "mediate" not in opinion_actions(opinion):
        return _not_now(request, opinion, "mediate")
    form = MediationForm(posted(request), initial={"reply": opinion.reply})
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Mediation outcome"),
        lambda data: opinion_record_mediation(opinion=opinion, actor=request.user, **data),
        _("Mediation outcome recorded; now tell the voter (return visit)."),
    )


@role_required(manages_network)
def opinion_return_visit_view(request, pk):
    opinion = _managed(request, pk)
    if "return_visit" not in opinion_actions(opinion):
        return _not_now(request, opinion, "return_visit")
    people = PersonalData(request.user)
    voters = voters_to_answer(opinion)
    form = ReturnVisitForm(
        posted(request),
        voters=Voter.objects.filter(pk__in=[v.pk for v in voters]).order_by("pk"),
        voter_label=lambda voter: f"{people.name(voter) or '—'} {people.phone(voter)}",
        deputies=deputies_visible_to(request.user).filter(is_active=True),
    )
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Return visit"),
        lambda data: opinion_record_return_visit(opinion=opinion, actor=request.user, **data),
        _("Return visit recorded."),
    )


@role_required(manages_network)
def opinion_close_view(request, pk):
    opinion = _managed(request, pk)
    if "close" not in opinion_actions(opinion):
        return _not_now(request, opinion, "close")
    form = NoteForm(posted(request), submit=_("Close"))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Close"),
        lambda data: opinion_close(opinion=opinion, actor=request.user, **data),
        _("Opinion closed."),
    )


@role_required(manages_network)
def opinion_withdraw_view(request, pk):
    opinion = _managed(request, pk)
    if "withdraw" not in opinion_actions(opinion):
        return _not_now(request, opinion, "withdraw")
    form = WithdrawForm(posted(request))
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Withdraw"),
        lambda data: opinion_withdraw(opinion=opinion, actor=request.user, **data),
        _("Opinion withdrawn."),
    )


@role_required(manages_network)
def opinion_merge_view(request, pk):
    opinion = _managed(request, pk)
    if "merge" not in opinion_actions(opinion):
        return _not_now(request, opinion, "merge")
    form = MergeForm(
        posted(request),
        initial={"into": request.GET.get("into", "")},
        opinions=opinions_managed_by(request.user).exclude(pk=opinion.pk),
    )
    return opinion_step_page(
        request,
        opinion,
        form,
        _("Merge into another opinion"),
        lambda data: opinion_merge(
            duplicate=opinion, into=data["into"], actor=request.user, note=data["note"]
        ),
        _("Merged. Its voter will be answered with the opinion kept."),
    )


@role_required(manages_network)
def attachment_add_view(request, pk):
    opinion = _managed(request, pk)
    if "attach" not in opinion_actions(opinion):
        return _not_now(request, opinion, "attach")
    form = AttachmentForm(posted(request), request.FILES if request.method == "POST" else None)

    def perform(data):
        with transaction.atomic():
            for upload in data["files"]:
                attachment_add(opinion=opinion, upload=upload, actor=request.user)

    return opinion_step_page(request, opinion, form, _("Attach files"), perform, _("Files attached."))


def _not_now(request, opinion, step):
    return refused_response(request, opinion_refusal(opinion, step), opinion)


@role_required(manages_network_or_deputy)
def attachment_download(request, pk):
    attachment = get_object_or_404(
        Attachment.objects.filter(opinion__in=opinions_visible_to(request.user)), pk=pk
    )
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=not attachment.is_image,
        filename=attachment.original_name,
    )
    # The stored kind was read from the content; never let the browser guess another one.
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
