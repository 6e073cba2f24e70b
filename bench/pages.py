"""The pages measured, as a table easy to edit: (name, who asks, URL name, URL argument, query string).

The URL argument names a row the generator chose (bench.generate.Built): "station", "unit", "suggestion".
The staff dashboard is the staff's home page."""

PAGES = [
    ("officer home", "officer", "home:home", None, ""),
    (
        "opinions list, filtered",
        "staff",
        "voters:list",
        None,
        "station={station}&status=closed&category={category}",
    ),
    ("opinions list, text search", "officer", "voters:list", None, "q=小区"),
    (
        "suggestions list (staff)",
        "staff",
        "suggestions:list",
        None,
        "unit={unit}&status=assigned&due=overdue",
    ),
    ("suggestion detail", "staff", "suggestions:detail", "suggestion", ""),
    ("deputy's my cases", "deputy", "suggestions:mine", None, ""),
    ("activity calendar month", "officer", "activities:calendar", None, ""),
    ("unit page", "staff", "suggestions:unit_detail", "unit", ""),
    ("public notice board", None, "home:station_public", "station", ""),
    ("staff dashboard", "staff", "home:home", None, ""),
]
FLOOR = ("floor (trivial view)", "officer", "bench_ping", None, "")  # bench/urls.py
# The bare floor: the same login and middleware, an HttpResponse without template (bench/urls.py).
BARE = ("bare floor (HttpResponse)", "officer", "bench_bare", None, "")

# The peer, django-helpdesk (bench/peer.py): (name, our nearest page of the same job, its URL name, its URL
# argument, whether the page fetches its rows as JSON). The ticket list is a shell whose datatable asks for the
# rows; the JSON's URL is read from the shell at run time, with PEER_LIST_ROWS rows as our lists' page holds.
PEER_PAGES = [
    ("ticket list (shell + rows JSON)", "opinions list, filtered", "helpdesk:list", None, True),
    ("ticket detail", "suggestion detail", "helpdesk:view", "ticket", False),
    ("helpdesk dashboard", "staff dashboard", "helpdesk:dashboard", None, False),
    ("peer floor (trivial view)", FLOOR[0], "bench_floor", None, False),  # bench/peer_site/urls.py
    ("peer bare floor (HttpResponse)", BARE[0], "bench_bare", None, False),
]
PEER_FLOOR, PEER_BARE = PEER_PAGES[3][0], PEER_PAGES[4][0]
PEER_LIST_ROWS = 50
# Targets from issue 9: p95 ratio limits per page.
CITY_OVER_STREET = 1.3
OVER_FLOOR = {"staff dashboard": 10.0}
OVER_FLOOR_DEFAULT = 5.0
# Issue 19: our floor within 1.2× the bare one; a page's bytes not growing with the data, and under ~100 KB;
# ours at least 50× lighter than the peer's list (floor-normalised p95, ours ÷ peer ≤ 0.02).
FLOOR_OVER_BARE = 1.2
BYTES_CITY_OVER_STREET = 1.3
BYTES_LIMIT = 100_000
OURS_OVER_PEER_LIST = 0.02
