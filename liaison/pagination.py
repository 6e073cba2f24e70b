from django.conf import settings
from django.core.paginator import Paginator


def paginate(request, queryset, per_page=None):
    """The requested page of a list; a page number out of range shows the last page rather than an error."""
    paginator = Paginator(queryset, per_page or settings.LIST_PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))
