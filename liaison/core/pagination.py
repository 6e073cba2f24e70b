from django.conf import settings
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from liaison.core.params import whole_number


class CappedPaginator(Paginator):
    """A paginator that never counts a whole table: it counts at most `cap` rows beyond the requested page
    (one COUNT over a LIMIT subquery), so a list of 300,000 opinions costs what a list of 300 costs.

    When more rows exist, `capped` is true and the template says "more than N"; the last page it knows of
    leads on, and asking for it counts `cap` rows further."""

    def __init__(self, object_list, per_page, *, cap, number=1, **kwargs):
        self.cap = cap
        self.requested = number
        self.capped = False
        super().__init__(object_list, per_page, **kwargs)

    @cached_property
    def count(self):
        limit = self.requested * self.per_page + self.cap
        if hasattr(self.object_list, "count") and not isinstance(self.object_list, list):
            counted = self.object_list[: limit + 1].count()
        else:
            counted = len(self.object_list[: limit + 1])
        if counted > limit:
            self.capped = True
            return limit
        return counted


# No list holds this many pages: a larger number reads as the last page, and the rows counted stay within a bigint.
MAX_PAGE = 100_000


def _page_number(request):
    return min(whole_number(request.GET.get("page"), default=1, maximum=None), MAX_PAGE)


def paginate(request, queryset, per_page=None, rows=None):
    """The requested page of a list; a page number out of range shows the last page rather than an error.
    Counts stop LIST_COUNT_CAP rows past the page asked for (see CappedPaginator).

    With `rows`, the page is found as ids on `queryset` alone and its rows are read by `rows(queryset of
    those ids)`, in the page's order: a list whose rows join many tables then has PostgreSQL plan the joins
    for a page of ids, not for the search (the opinions list's eight joins cost 13 ms of planning)."""
    paginator = CappedPaginator(
        queryset if rows is None else queryset.values_list("pk", flat=True),
        per_page or settings.LIST_PAGE_SIZE,
        cap=settings.LIST_COUNT_CAP,
        number=_page_number(request),
    )
    page = paginator.get_page(paginator.requested)
    if rows is not None:
        ids = list(page.object_list)
        found = {row.pk: row for row in rows(queryset.model.objects.filter(pk__in=ids))}
        page.object_list = [found[pk] for pk in ids if pk in found]
    return page
