"""Suggestions shared across stations (seed 001: 共知共享): every officer and deputy reads how completed
suggestions of the whole deployment were answered, and a deputy writing one sees similar past ones first.
Only the title, category, lead unit, result class and reply are shown (suggestions.selectors)."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from liaison.core.access import manages_network_or_deputy, role_required
from liaison.core.pagination import paginate
from suggestions.filters import SharedSuggestionFilter
from suggestions.selectors import shared_suggestions, similar_closed


@require_GET
@role_required(manages_network_or_deputy)
def shared_list(request):
    shared_filter = SharedSuggestionFilter(request.GET, queryset=shared_suggestions(), request=request)
    page = paginate(request, shared_filter.qs)
    return render(request, "suggestions/shared_list.html", {"filter": shared_filter, "page": page})


@require_GET
@role_required(manages_network_or_deputy)
def shared_detail(request, pk):
    suggestion = get_object_or_404(shared_suggestions(), pk=pk)
    return render(request, "suggestions/shared_detail.html", {"suggestion": suggestion})


@require_GET
@role_required(manages_network_or_deputy)
def similar_view(request):
    """The panel beside the suggestion form, refreshed while the title is typed."""
    similar = similar_closed(request.GET.get("title", "")[:200])
    return render(request, "suggestions/similar_closed.html", {"similar": similar})
