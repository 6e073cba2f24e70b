from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Deputy
from deputies.selectors import deputies_visible_to
from liaison.core.access import (
    is_committee_staff,
    is_committee_staff_or_unit,
    is_deputy,
    is_deputy_or_committee_staff,
    is_unit_user,
    manages_network,
    manages_network_deputy_or_unit,
    manages_network_or_deputy,
    role_required,
)
from liaison.core.errors import refused_response, refused_to_message
from liaison.core.pagination import paginate
from liaison.models import HandlingUnit, Holiday
from suggestions import clock, forms
from suggestions.filters import SuggestionFilter
from suggestions.models import Assignment, Document, ReplyTemplate, Suggestion, SupervisionAction
from suggestions.rates import assignment_is_overdue, assignments_flagged, overdue_q
from suggestions.selectors import (
    deputy_cases,
    evaluation_visible,
    list_rows,
    opinions_routed_to,
    rates,
    suggestion_file,
    suggestion_get,
    suggestions_visible_to,
    templates_of,
    unit_assignments,
    unit_follow_ups,
    units_visible_to,
)
from suggestions.services.assignments import (
    assignment_accept,
    assignment_extension_ask,
    assignment_extension_decide,
    assignment_return,
    assignment_return_decide,
    suggestion_assign,
)
from suggestions.services.proposals import (
    suggestion_from_opinions,
    suggestion_merge,
    suggestion_register,
    suggestion_reject,
    suggestion_save_draft,
    suggestion_submit,
)
from suggestions.services.replies import (
    assignment_give_view,
    contact_record,
    suggestion_evaluate,
    suggestion_follow_up_complete,
    suggestion_reply,
)
from suggestions.services.supervision import suggestion_mark_key, supervision_record
from suggestions.transitions import assignment_actions, suggestion_actions
from voters.forms import GatherForm, TriageForm
from voters.models import Opinion, Route
from voters.selectors import opinion_rows, opinions_managed_by
from voters.similarity import similar_open_opinions
from voters.transitions import opinion_actions, opinion_refusal
from voters.views import opinion_step_page

Status = Suggestion.Status


def _not_open(request, suggestion):
    return refused_response(request, _("This step is not open now."), suggestion)


# ---------------------------------------------------------------------------------------------------------
# Handling units and the holiday table


@role_required(is_committee_staff)
def unit_list(request):
    units = units_visible_to(request.user).annotate(
        active_count=_count_active(),
    )
    return render(request, "suggestions/unit_list.html", {"units": units})


def _count_active():
    return Count(
        "assignments",
        filter=Q(
            assignments__status__in=[
                Assignment.Status.ASSIGNED,
                Assignment.Status.ACCEPTED,
                Assignment.Status.RETURN_ASKED,
            ],
            assignments__suggestion__status=Status.ASSIGNED,
        ),
    )


@role_required(is_committee_staff_or_unit)
def unit_detail(request, pk):
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    context = {
        "unit": unit,
        "users": unit.users.order_by("display_name", "username"),
        "assignments": unit_assignments(unit),
    }
    return render(request, "suggestions/unit_detail.html", context)


@role_required(is_committee_staff)
def unit_edit(request, pk=None):
    unit = get_object_or_404(HandlingUnit, pk=pk) if pk else HandlingUnit()
    form = forms.UnitForm(request.POST or None, instance=unit)
    if form.is_valid():
        unit = form.save()
        messages.success(request, _("Saved."))
        return redirect(unit)
    return render(
        request, "suggestions/form.html", {"form": form, "title": unit.name or _("New handling unit")}
    )


@role_required(is_committee_staff)
def holidays(request):
    form = forms.HolidayForm(request.POST or None)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("suggestions:holidays")
    days = Holiday.objects.filter(date__year__gte=clock.today().year - 1)
    return render(request, "suggestions/holidays.html", {"form": form, "days": days})


@role_required(is_committee_staff)
def holiday_edit(request, pk):
    holiday = get_object_or_404(Holiday, pk=pk)
    form = forms.HolidayForm(request.POST or None, instance=holiday)
    if request.method == "POST" and request.POST.get("delete"):
        holiday.delete()
        messages.success(request, _("Deleted."))
        return redirect("suggestions:holidays")
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("suggestions:holidays")
    return render(request, "suggestions/holiday_form.html", {"form": form, "holiday": holiday})


# ---------------------------------------------------------------------------------------------------------
# Lists


@role_required(manages_network)
def suggestion_list(request):
    suggestion_filter = SuggestionFilter(
        request.GET, queryset=suggestions_visible_to(request.user), request=request
    )
    rows = list_rows(suggestion_filter.qs).annotate(
        overdue_first=Case(When(overdue_q(), then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    order = request.GET.get("order")
    rows = rows.order_by("overdue_first", "due_on", "-pk") if order == "due" else rows.order_by("-pk")
    page = paginate(request, rows)
    return render(request, "suggestions/suggestion_list.html", {"filter": suggestion_filter, "page": page})


@role_required(is_deputy)
def my_cases(request):
    deputy = getattr(request.user, "deputy", None)
    if deputy is None:
        raise PermissionDenied
    cases = deputy_cases(deputy)
    waiting = list(
        cases.filter(Q(status=Status.REPLIED, lead_deputy=deputy) | Q(status=Status.DRAFT)).order_by("-pk")
    )
    others = paginate(request, cases.exclude(pk__in=[s.pk for s in waiting]).order_by("-pk"))
    context = {
        "waiting": waiting,
        "page": others,
        "deputy": deputy,
        "opinions": opinions_routed_to(request.user),
    }
    return render(request, "suggestions/my_cases.html", context)


@role_required(is_unit_user)
def unit_work(request):
    unit = request.user.handling_unit
    today = clock.today()
    assignments = list(assignments_flagged(unit_assignments(unit), today))
    near = clock.near_due_limit(today)
    waiting = [a for a in assignments if not a.overdue]
    context = {
        "unit": unit,
        "overdue": [a for a in assignments if a.overdue],
        "soon": [a for a in waiting if a.deadline <= near],
        "later": [a for a in waiting if a.deadline > near],
        "follow_ups": unit_follow_ups(unit),
        "replied": list_rows(suggestions_visible_to(request.user))
        .filter(status__in=[Status.REPLIED, Status.CLOSED])
        .order_by("-replied_at")[:20],
    }
    return render(request, "suggestions/unit_work.html", context)


# ---------------------------------------------------------------------------------------------------------
# 提 Propose


@role_required(manages_network_or_deputy)
def suggestion_create(request):
    return _draft_form(request, None)


@role_required(manages_network_or_deputy)
def suggestion_edit(request, pk):
    suggestion = suggestion_get(request.user, pk)
    if "edit" not in suggestion_actions(suggestion, request.user):
        return _not_open(request, suggestion)
    return _draft_form(request, suggestion)


def _lead_deputies(user):
    if user.is_committee_staff:
        return Deputy.objects.filter(is_active=True)
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
    return render(request, "suggestions/form.html", {"form": form, "title": title, "suggestion": suggestion})


def _action_view(
    request,
    pk,
    action,
    form_class,
    call,
    *,
    title,
    template="suggestions/action.html",
    done,
    form_kwargs=None,
):
    suggestion = suggestion_get(request.user, pk)
    file = suggestion_file(request.user, suggestion)
    if action not in suggestion_actions(suggestion, request.user, file["current_assignments"]):
        return _not_open(request, suggestion)
    posted = request.method == "POST"
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, **(form_kwargs or {})
    )
    if request.method == "POST" and form.is_valid():
        with refused_to_message(request, suggestion, form=form) as refusal:
            call(suggestion, form.cleaned_data)
            messages.success(request, done)
            return redirect(suggestion)
        if refusal.response:
            return refusal.response
    context = {"form": form, "suggestion": suggestion, "title": title, **file}
    return render(request, template, context)


@role_required(manages_network_or_deputy)
def suggestion_submit_view(request, pk):
    return _action_view(
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
    return _action_view(
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
    return _action_view(
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
        Suggestion.objects.filter(
            status=Status.REGISTERED, round=1, merged_into__isnull=True, merged__isnull=True
        )
        .exclude(pk=suggestion.pk)
        .order_by("-pk")
    )
    return _action_view(
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


@role_required(is_committee_staff)
def assign_view(request, pk):
    suggestion = suggestion_get(request.user, pk)
    return _action_view(
        request,
        pk,
        "assign",
        forms.AssignForm,
        lambda s, data: suggestion_assign(
            suggestion=s,
            actor=request.user,
            lead_unit=data["lead_unit"],
            deadline=data["deadline"],
            co_units=list(data["co_units"]),
            co_deadline=data["co_deadline"],
            note=data["note"],
        ),
        title=gettext_lazy("Assign (交办)"),
        done=_("Assigned."),
        form_kwargs={"round_number": suggestion.round},
    )


@role_required(is_committee_staff)
def key_view(request, pk):
    suggestion = suggestion_get(request.user, pk)
    return _action_view(
        request,
        pk,
        "key",
        forms.KeyForm,
        lambda s, data: suggestion_mark_key(
            suggestion=s, actor=request.user, is_key=data["is_key"], leader=data["leader"]
        ),
        title=gettext_lazy("Key supervision (重点督办)"),
        done=_("Saved."),
        form_kwargs={"initial": {"is_key": suggestion.is_key, "leader": suggestion.supervising_leader}},
    )


@role_required(is_committee_staff)
def supervise_view(request, pk):
    return _action_view(
        request,
        pk,
        "supervise",
        forms.SupervisionForm,
        lambda s, data: supervision_record(suggestion=s, actor=request.user, **data),
        title=gettext_lazy("Record a supervision action"),
        done=_("Supervision action recorded."),
    )


@role_required(is_unit_user)
def contact_view(request, pk):
    return _action_view(
        request,
        pk,
        "contact",
        forms.ContactForm,
        lambda s, data: contact_record(suggestion=s, actor=request.user, **data),
        title=gettext_lazy("Record contact with the deputy"),
        done=_("Contact recorded."),
    )


@role_required(is_unit_user)
def reply_view(request, pk):
    template = templates_of(request.user).filter(pk=request.GET.get("template") or 0).first()
    initial = {"text": template.text} if template else None
    return _action_view(
        request,
        pk,
        "reply",
        forms.ReplyForm,
        lambda s, data: suggestion_reply(suggestion=s, actor=request.user, **data),
        title=gettext_lazy("Reply"),
        template="suggestions/reply_form.html",
        done=_("Reply sent. The deputy will be asked to evaluate it."),
        form_kwargs={"initial": initial},
    )


@role_required(is_deputy_or_committee_staff)
def evaluate_view(request, pk):
    return _action_view(
        request,
        pk,
        "evaluate",
        forms.EvaluateForm,
        lambda s, data: suggestion_evaluate(suggestion=s, actor=request.user, **data),
        title=gettext_lazy("Evaluate the reply"),
        template="suggestions/evaluate_form.html",
        done=_("Thank you: the evaluation is recorded."),
        form_kwargs={"in_person": request.user.is_committee_staff},
    )


@role_required(is_committee_staff_or_unit)
def follow_up_view(request, pk):
    return _action_view(
        request,
        pk,
        "follow_up",
        forms.ReasonForm,
        lambda s, data: suggestion_follow_up_complete(suggestion=s, actor=request.user, note=data["reason"]),
        title=gettext_lazy("Complete the follow-up"),
        done=_("Completed."),
        form_kwargs={"label": _("Complete")},
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
    form = TriageForm(request.POST, deputies=deputies_visible_to(request.user).filter(is_active=True))
    form.helper.form_action = triage_url
    if form.is_valid() and form.cleaned_data["route"] != Route.SUGGESTION:
        return HttpResponseRedirect(triage_url, status=307)  # the other routes are the voters page's

    def perform(data):
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

    return opinion_step_page(
        request, opinion, form, _("Triage"), perform, _("Triage recorded."), script="voters/triage.js"
    )


# ---------------------------------------------------------------------------------------------------------
# Assignment steps


def _assignment_action(request, pk, action, form_class, call, *, title, done, form_kwargs=None):
    visible = suggestions_visible_to(request.user)
    assignment = get_object_or_404(
        Assignment.objects.select_related("suggestion", "unit", "suggestion__lead_deputy").filter(
            suggestion__in=visible.values("pk")
        ),
        pk=pk,
    )
    if request.user.is_unit_user and assignment.unit_id != request.user.handling_unit_id:
        raise Http404
    suggestion = assignment.suggestion
    if action not in assignment_actions(assignment, request.user):
        return _not_open(request, suggestion)
    form_kwargs = {"assignment": assignment} if form_class is forms.ExtensionAskForm else (form_kwargs or {})
    form = form_class(request.POST if request.method == "POST" else None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        with refused_to_message(request, suggestion, form=form) as refusal:
            call(assignment, form.cleaned_data)
            messages.success(request, done)
            return redirect(suggestion)
        if refusal.response:
            return refusal.response
    context = {"form": form, "suggestion": suggestion, "assignment": assignment, "title": title}
    return render(request, "suggestions/assignment_action.html", context)


@role_required(is_unit_user)
def accept_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "accept",
        forms.NoteForm,
        lambda a, data: assignment_accept(assignment=a, actor=request.user),
        title=gettext_lazy("Accept"),
        done=_("Accepted."),
        form_kwargs={"label": _("Accept")},
    )


@role_required(is_unit_user)
def return_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "return",
        forms.ReasonForm,
        lambda a, data: assignment_return(assignment=a, actor=request.user, reason=data["reason"]),
        title=gettext_lazy("Return: wrongly assigned"),
        done=_("Returned; the committee staff will decide."),
        form_kwargs={"label": _("Return")},
    )


@role_required(is_committee_staff)
def return_decide_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "return_decide",
        forms.ReturnDecideForm,
        lambda a, data: assignment_return_decide(assignment=a, actor=request.user, **data),
        title=gettext_lazy("Decide on the return"),
        done=_("Decided."),
    )


@role_required(is_unit_user)
def extension_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "extension",
        forms.ExtensionAskForm,
        lambda a, data: assignment_extension_ask(assignment=a, actor=request.user, **data),
        title=gettext_lazy("Ask for an extension"),
        done=_("Extension asked; the committee staff will decide."),
    )


@role_required(is_committee_staff)
def extension_decide_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "extension_decide",
        forms.DecideForm,
        lambda a, data: assignment_extension_decide(assignment=a, actor=request.user, **data),
        title=gettext_lazy("Decide on the extension"),
        done=_("Decided."),
    )


@role_required(is_unit_user)
def view_view(request, pk):
    return _assignment_action(
        request,
        pk,
        "view",
        forms.ViewForm,
        lambda a, data: assignment_give_view(assignment=a, actor=request.user, view=data["view"]),
        title=gettext_lazy("Give the co-unit's view"),
        done=_("The view reached the lead unit."),
    )


# ---------------------------------------------------------------------------------------------------------
# Pages


@role_required(manages_network_deputy_or_unit)
def suggestion_detail(request, pk):
    suggestion = get_object_or_404(
        suggestions_visible_to(request.user).select_related(
            "lead_deputy", "created_by", "lead_unit", "merged_into"
        ),
        pk=pk,
    )
    file = suggestion_file(request.user, suggestion)
    actions = suggestion_actions(suggestion, request.user, file["current_assignments"])
    for assignment in file["current_assignments"]:
        assignment.suggestion = suggestion
        assignment.actions = assignment_actions(assignment, request.user)
    context = {
        "suggestion": suggestion,
        "actions": actions,
        "source_opinions": [] if request.user.is_unit_user else suggestion.source_opinions.all(),
        "show_evaluation": evaluation_visible(request.user, suggestion),
        **file,
    }
    return render(request, "suggestions/suggestion_detail.html", context)


@role_required(is_committee_staff)
def reminder_letter(request, pk):
    """督办函: a printable letter to the lead unit, generated from the suggestion."""
    suggestion = suggestion_get(request.user, pk)
    file = suggestion_file(request.user, suggestion)
    if "letter" not in suggestion_actions(suggestion, request.user, file["current_assignments"]):
        return _not_open(request, suggestion)
    lead = next((a for a in file["current_assignments"] if a.role == Assignment.Role.LEAD), None)
    context = {
        "suggestion": suggestion,
        "lead": lead,
        "co_units": [a for a in file["current_assignments"] if a.role == Assignment.Role.CO],
        "today": clock.today(),
        "overdue_days": (clock.today() - lead.deadline).days if lead and assignment_is_overdue(lead) else 0,
        "letters_before": suggestion.supervision_actions.filter(
            kind=SupervisionAction.Kind.REMINDER_LETTER
        ).count(),
    }
    return render(request, "suggestions/reminder_letter.html", context)


@role_required(manages_network_deputy_or_unit)
def document_download(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("reply"),
        pk=pk,
        reply__suggestion__in=suggestions_visible_to(request.user).values("pk"),
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@role_required(is_unit_user)
def template_list(request):
    return render(request, "suggestions/template_list.html", {"templates": templates_of(request.user)})


@role_required(is_unit_user)
def template_edit(request, pk=None):
    template = get_object_or_404(templates_of(request.user), pk=pk) if pk else ReplyTemplate()
    form = forms.ReplyTemplateForm(request.POST or None, instance=template)
    if form.is_valid():
        form.instance.unit = request.user.handling_unit
        form.save()
        messages.success(request, _("Saved."))
        return redirect("suggestions:templates")
    return render(
        request, "suggestions/form.html", {"form": form, "title": template.name or _("New reply template")}
    )


@role_required(is_committee_staff)
def rates_view(request):
    form = forms.RatesForm(request.GET or None)
    start = end = by = None
    if form.is_valid():
        start, end, by = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"] or None
    total, rows = rates(start, end, by)
    context = {"form": form, "total": total, "rows": rows, "by": by}
    return render(request, "suggestions/rates.html", context)
