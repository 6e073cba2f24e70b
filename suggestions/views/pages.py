"""The pages that show suggestions: the lists, each role's work, one suggestion's file and its documents, the
rates (办结率, 满意率)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Q, Value, When
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core.access import (
    is_committee_staff,
    is_deputy,
    is_unit_user,
    manages_network,
    manages_network_deputy_or_unit,
    role_required,
)
from liaison.core.pagination import paginate
from suggestions import clock, forms
from suggestions.filters import SuggestionFilter
from suggestions.models import Document, Suggestion
from suggestions.rates import assignments_flagged, overdue_q
from suggestions.selectors import (
    FOLLOW_UPS,
    deputy_cases,
    evaluation_visible,
    list_rows,
    opinions_routed_to,
    rates,
    suggestion_file,
    suggestions_visible_to,
    unit_assignments,
    unit_follow_ups,
    unit_work_rows,
)
from suggestions.transitions import assignment_actions, suggestion_actions

Status = Suggestion.Status


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


# The lists behind the unit's home tiles (suggestions.selectors.unit_assignment_kinds and FOLLOW_UPS).
UNIT_WORK_LISTS = {
    "waiting": _("Waiting for your reply or view"),
    "overdue": _("Overdue"),
    "soon": _("Due soon"),
    "to_accept": _("Not yet accepted"),
    FOLLOW_UPS: _("Class-B follow-ups"),
}


@role_required(is_unit_user)
def unit_work(request):
    unit = request.user.handling_unit
    today = timezone.localdate()
    show = request.GET.get("show")
    if show in UNIT_WORK_LISTS:
        context = {
            "unit": unit,
            "show": show,
            "title": UNIT_WORK_LISTS[show],
            "page": paginate(request, unit_work_rows(unit, show, today)),
        }
        return render(request, "suggestions/unit_work_list.html", context)
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


@role_required(manages_network_deputy_or_unit)
def document_download(request, pk):
    document = get_object_or_404(
        Document.objects.select_related("reply"),
        pk=pk,
        reply__suggestion__in=suggestions_visible_to(request.user).values("pk"),
    )
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.name)


@role_required(is_committee_staff)
def rates_view(request):
    form = forms.RatesForm(request.GET or None)
    start = end = by = None
    if form.is_valid():
        start, end, by = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by"] or None
    total, rows = rates(request.user, start, end, by)
    context = {"form": form, "total": total, "rows": rows, "by": by}
    return render(request, "suggestions/rates.html", context)
