"""督 Supervise: key supervision, supervision actions and the printable reminder letter (督办函)."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import is_committee_staff, role_required
from suggestions import forms
from suggestions.models import Assignment, SupervisionAction
from suggestions.rates import assignment_is_overdue
from suggestions.selectors import suggestion_file, suggestion_get
from suggestions.services.supervision import suggestion_mark_key, supervision_record
from suggestions.transitions import suggestion_actions
from suggestions.views.step_pages import not_open, suggestion_step_page


@role_required(is_committee_staff)
def key_view(request, pk):
    suggestion = suggestion_get(request.user, pk)
    return suggestion_step_page(
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
    return suggestion_step_page(
        request,
        pk,
        "supervise",
        forms.SupervisionForm,
        lambda s, data: supervision_record(suggestion=s, actor=request.user, **data),
        title=gettext_lazy("Record a supervision action"),
        done=_("Supervision action recorded."),
    )


@role_required(is_committee_staff)
def reminder_letter(request, pk):
    """督办函: a printable letter to the lead unit, generated from the suggestion."""
    suggestion = suggestion_get(request.user, pk)
    file = suggestion_file(request.user, suggestion)
    if "letter" not in suggestion_actions(suggestion, request.user, file["current_assignments"]):
        return not_open(request, suggestion)
    lead = next((a for a in file["current_assignments"] if a.role == Assignment.Role.LEAD), None)
    today = timezone.localdate()
    context = {
        "suggestion": suggestion,
        "lead": lead,
        "co_units": [a for a in file["current_assignments"] if a.role == Assignment.Role.CO],
        "today": today,
        "overdue_days": (today - lead.deadline).days if lead and assignment_is_overdue(lead) else 0,
        "letters_before": suggestion.supervision_actions.filter(
            kind=SupervisionAction.Kind.REMINDER_LETTER
        ).count(),
    }
    return render(request, "suggestions/reminder_letter.html", context)
