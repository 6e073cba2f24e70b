"""Handling units and their reply templates."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.access import is_committee_staff, is_committee_staff_or_unit, is_unit_user, role_required
from liaison.models import HandlingUnit
from liaison.selectors import units_visible_to
from suggestions import forms
from suggestions.models import Assignment, ReplyTemplate, Suggestion
from suggestions.selectors import templates_of, unit_assignments, unit_year_figures

Status = Suggestion.Status


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
    year = timezone.localdate().year
    context = {
        "unit": unit,
        "users": unit.users.order_by("display_name", "username"),
        "assignments": unit_assignments(unit),
        "year": year,
        "figures": unit_year_figures(unit, year),
    }
    return render(request, "suggestions/unit_detail.html", context)


@role_required(is_committee_staff)
def unit_edit(request, pk=None):
    # Staff manage the units of their level and those below it (a street's staff their street's only).
    unit = get_object_or_404(units_visible_to(request.user), pk=pk) if pk else HandlingUnit()
    form = forms.UnitForm(request.POST or None, instance=unit, actor=request.user)
    if form.is_valid():
        unit = form.save()
        messages.success(request, _("Saved."))
        return redirect(unit)
    return render(
        request, "suggestions/form.html", {"form": form, "title": unit.name or _("New handling unit")}
    )


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
