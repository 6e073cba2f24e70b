"""办 and 评: the unit's contact with the deputy, the co-unit's view, the lead unit's reply, the evaluation and the
class-B follow-up."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import (
    is_committee_staff_or_unit,
    is_deputy_or_committee_staff,
    is_unit_user,
    role_required,
)
from liaison.core.params import whole_number
from suggestions import forms
from suggestions.selectors import templates_of
from suggestions.services.replies import (
    assignment_give_view,
    contact_record,
    suggestion_evaluate,
    suggestion_follow_up_complete,
    suggestion_reply,
)
from suggestions.views.step_pages import assignment_step_page, suggestion_step_page


@role_required(is_unit_user)
def contact_view(request, pk):
    return suggestion_step_page(
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
    template = templates_of(request.user).filter(pk=whole_number(request.GET.get("template"))).first()
    initial = {"text": template.text} if template else None
    return suggestion_step_page(
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
    return suggestion_step_page(
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
    return suggestion_step_page(
        request,
        pk,
        "follow_up",
        forms.ReasonForm,
        lambda s, data: suggestion_follow_up_complete(suggestion=s, actor=request.user, note=data["reason"]),
        title=gettext_lazy("Complete the follow-up"),
        done=_("Completed."),
        form_kwargs={"label": _("Complete")},
    )


@role_required(is_unit_user)
def view_view(request, pk):
    return assignment_step_page(
        request,
        pk,
        "view",
        forms.ViewForm,
        lambda a, data: assignment_give_view(assignment=a, actor=request.user, view=data["view"]),
        title=gettext_lazy("Give the co-unit's view"),
        done=_("The view reached the lead unit."),
    )
