"""`python -m bench.province`: a province on paper (README, "A province"). Copies a city kept by the bench
(`BENCH_KEEP=1`; `BENCH_DB_PREFIX` as there) into `<prefix>province`, multiplies its stations, voters and
opinions by ten (each copy a new set of stations with the same voters and opinions, so that a station holds
what it holds in the city and the province has ten times the rows: 3 million opinions), analyses it, and
times the reads that grow with the opinions on both databases: EXPLAIN ANALYZE of the SQL the pages send
(voters.search and the opinions list), best of three after a warm-up. The suggestions, activities and
visits are not multiplied: their reads are bounded by a deputy, a unit or a station in the same way.

    BENCH_KEEP=1 python -m bench city && python -m bench.province
"""

import os
import sys
import time

import psycopg

from bench.server import url_with_db

PREFIX = os.environ.get("BENCH_DB_PREFIX", "liaison_bench_")
SERVER = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
COPIES = 10
# Per table: the columns to shift in each copy (ids and the references between the copied tables); others as they are.
SHIFTED = {
    "liaison_station": {"id": "liaison_station", "parent_id": "liaison_station"},
    "voters_voter": {"id": "voters_voter", "station_id": "liaison_station"},
    "voters_opinion": {
        "id": "voters_opinion",
        "station_id": "liaison_station",
        "voter_id": "voters_voter",
        "merged_into_id": "voters_opinion",
    },
}
OVERRIDES = {
    "voters_opinion": {
        "tracking_code": "'P' || {copy} || lpad(id::text, 9, '0')",
        "visit_entry_id": "NULL",
    },
}


def _build(city, province):
    with psycopg.connect(SERVER, autocommit=True) as server:
        if server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [province]).fetchone():
            return False
        server.execute(f'CREATE DATABASE "{province}" TEMPLATE "{city}"')
    with psycopg.connect(url_with_db(SERVER, province)) as db:
        largest = {table: db.execute(f"SELECT max(id) FROM {table}").fetchone()[0] for table in SHIFTED}
        for copy in range(1, COPIES):
            for table, shifted in SHIFTED.items():
                columns = [
                    row[0]
                    for row in db.execute(
                        "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                        " ORDER BY ordinal_position",
                        [table],
                    )
                ]
                values = []
                for column in columns:
                    if column in shifted:
                        values.append(f"{column} + {copy * largest[shifted[column]]}")
                    else:
                        values.append(OVERRIDES.get(table, {}).get(column, column).format(copy=copy))
                db.execute(
                    f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table}"
                    f" WHERE id <= {largest[table]}"
                )
            db.commit()
            print(f"  copy {copy} of {COPIES - 1}", flush=True)
        db.execute("ANALYZE")
    return True


def _queries():
    """[(what, sql, params)] as the pages send them, for the officer of the first station."""
    from django.db.models import Count

    from liaison.models import Station
    from voters.models import Opinion
    from voters.search import search_opinions
    from voters.selectors import opinion_rows

    station = Station.objects.filter(parent__isnull=True).order_by("pk").first()
    scope = Opinion.objects.filter(station__in=[station.pk, *station.children.values_list("pk", flat=True)])
    officer = search_opinions(opinion_rows(scope), "小区", by_phone=True).order_by("-received_at", "-pk")
    everyone = search_opinions(opinion_rows(Opinion.objects.all()), "小区", by_phone=True)
    filtered = scope.filter(status="closed").order_by("-received_at", "-pk")
    cases = [
        ("officer's text search, the page's rows", officer[:50]),
        ("officer's text search, counted (capped at 550)", officer.values("pk")[:550]),
        ("text search of the whole deployment, rows", everyone.order_by("-received_at", "-pk")[:50]),
        (
            "text search of the whole deployment, by category",
            everyone.order_by().values("category").annotate(n=Count("pk")),
        ),
        ("opinions of a station, closed, by date", opinion_rows(filtered)[:50]),
    ]
    return [(what, *queryset.query.sql_with_params()) for what, queryset in cases]


def _time(url, sql, params):
    with psycopg.connect(url) as db:
        best = None
        for _ in range(4):
            plan = db.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()[0][0]
            best = plan["Execution Time"] if best is None else min(best, plan["Execution Time"])
    return best


def main():
    import django

    city, province = f"{PREFIX}city", f"{PREFIX}province"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "liaison.settings")
    os.environ["DATABASE_URL"] = url_with_db(SERVER, city)
    django.setup()
    started = time.monotonic()
    if _build(city, province):
        print(f"{province}: built in {time.monotonic() - started:.0f} s")
    counts = {}
    for name in (city, province):
        with psycopg.connect(url_with_db(SERVER, name)) as db:
            counts[name] = db.execute("SELECT count(*) FROM voters_opinion").fetchone()[0]
    print(f"| read | city ({counts[city]:,} opinions) ms | province ({counts[province]:,}) ms | ratio |")
    print("|---|---|---|---|")
    for what, sql, params in _queries():
        at_city = _time(url_with_db(SERVER, city), sql, params)
        at_province = _time(url_with_db(SERVER, province), sql, params)
        print(f"| {what} | {at_city:.1f} | {at_province:.1f} | {at_province / at_city:.2f} |")


if __name__ == "__main__":
    sys.exit(main())
