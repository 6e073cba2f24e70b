"""The step pages every step of the loop shares: the step's form, the service called, a refusal shown."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy

from liaison.core.errors import ActionRefused, refused_response
from suggestions import forms
from suggestions.models import Assignment
from suggestions.selectors import suggestion_file, suggestion_get, suggestions_visible_to
from suggestions.transitions import assignment_actions, suggestion_actions

NOT_OPEN = gettext_lazy("This step is not open now.")


def not_open(request, suggestion):
    return refused_response(request, NOT_OPEN, suggestion)


def run_step(request, form, open_now, call, record, *, done, back):
    """A step posted from its form: the answer, or None when the form is to be shown again.

    A refusal (the step closed meanwhile, or the service refused) goes on the form, shown again with what was
    typed: a reply or a view is never thrown away. With nothing typed, the refusal is told on `back`."""
    try:
        if not open_now:
            raise ActionRefused(NOT_OPEN)
        if not form.is_valid():
            return None
        call(record, form.cleaned_data)
    except ActionRefused as error:
        if not form.has_changed():
            return refused_response(request, error, back)
        form.add_error(None, error.messages)
        return None
    except ValidationError as error:
        form.add_error(None, error.messages)
        return None
    messages.success(request, done)
    return redirect(back)


def suggestion_step_page(
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
    open_now = action in suggestion_actions(suggestion, request.user, file["current_assignments"])
    posted = request.method == "POST"
    if not (open_now or posted):
        return not_open(request, suggestion)
    form = form_class(
        request.POST if posted else None, request.FILES if posted else None, **(form_kwargs or {})
    )
    if posted and (answer := run_step(request, form, open_now, call, suggestion, done=done, back=suggestion)):
        return answer
    context = {"form": form, "suggestion": suggestion, "title": title, **file}
    return render(request, template, context)


def assignment_step_page(request, pk, action, form_class, call, *, title, done, form_kwargs=None):
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
    open_now = action in assignment_actions(assignment, request.user)
    posted = request.method == "POST"
    if not (open_now or posted):
        return not_open(request, suggestion)
    form_kwargs = {"assignment": assignment} if form_class is forms.ExtensionAskForm else (form_kwargs or {})
    form = form_class(request.POST if posted else None, **form_kwargs)
    if posted and (answer := run_step(request, form, open_now, call, assignment, done=done, back=suggestion)):
        return answer
    context = {"form": form, "suggestion": suggestion, "assignment": assignment, "title": title}
    return render(request, "suggestions/assignment_action.html", context)
