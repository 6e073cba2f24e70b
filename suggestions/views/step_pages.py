"""The step pages every step of the loop shares: the step's form, the service called, a refusal shown."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from liaison.core.errors import refused_response, refused_to_message
from suggestions import forms
from suggestions.models import Assignment
from suggestions.selectors import suggestion_file, suggestion_get, suggestions_visible_to
from suggestions.transitions import assignment_actions, suggestion_actions


def not_open(request, suggestion):
    return refused_response(request, _("This step is not open now."), suggestion)


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
    if action not in suggestion_actions(suggestion, request.user, file["current_assignments"]):
        return not_open(request, suggestion)
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
    if action not in assignment_actions(assignment, request.user):
        return not_open(request, suggestion)
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
