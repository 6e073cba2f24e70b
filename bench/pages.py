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
    ("opinions list, text search", "officer", "voters:list", None, "q=路灯"),
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
# Targets from issue 9: p95 ratio limits per page.
CITY_OVER_STREET = 1.3
OVER_FLOOR = {"staff dashboard": 10.0}
OVER_FLOOR_DEFAULT = 5.0
