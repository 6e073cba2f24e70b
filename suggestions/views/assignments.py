"""交 Assign: the staff's assignment and the steps of each assignment (accepted, given back, more time asked and
decided)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import is_committee_staff, is_unit_user, role_required
from suggestions import forms
from suggestions.selectors import suggestion_get
from suggestions.services.assignments import (
    assignment_accept,
    assignment_extension_ask,
    assignment_extension_decide,
    assignment_return,
    assignment_return_decide,
    suggestion_assign,
)
from suggestions.views.step_pages import assignment_step_page, suggestion_step_page


@role_required(is_committee_staff)
def assign_view(request, pk):
    suggestion = suggestion_get(request.user, pk)
    return suggestion_step_page(
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
        form_kwargs={"round_number": suggestion.round, "actor": request.user},
    )


@role_required(is_unit_user)
def accept_view(request, pk):
    return assignment_step_page(
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
    return assignment_step_page(
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
    return assignment_step_page(
        request,
        pk,
        "return_decide",
        forms.ReturnDecideForm,
        lambda a, data: assignment_return_decide(assignment=a, actor=request.user, **data),
        title=gettext_lazy("Decide on the return"),
        done=_("Decided."),
        form_kwargs={"actor": request.user},
    )


@role_required(is_unit_user)
def extension_view(request, pk):
    return assignment_step_page(
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
    return assignment_step_page(
        request,
        pk,
        "extension_decide",
        forms.DecideForm,
        lambda a, data: assignment_extension_decide(assignment=a, actor=request.user, **data),
        title=gettext_lazy("Decide on the extension"),
        done=_("Decided."),
    )
