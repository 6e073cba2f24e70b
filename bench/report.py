"""The table: pages at both scales with the ratios issue 9 asks for, exports against plain openpyxl,
scoring, reminders; each target marked as held or missed."""

from bench.pages import CITY_OVER_STREET, FLOOR, OVER_FLOOR, OVER_FLOOR_DEFAULT


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def _mark(value, limit):
    if value is None:
        return "–"
    return f"{value} {'✓' if value <= limit else '✗'}"


def markdown(results):
    scales = results["scales"]
    street, city = scales.get("street"), scales.get("city")
    lines = [
        "# Benchmark: city scale at street speed (issue 9)",
        "",
        f"Run {results['started']}, city scale factor {results['scale_factor']}"
        + (f", total {results['seconds']} s." if results.get("seconds") else "."),
        "",
    ]
    for name, scale in scales.items():
        data = scale["dataset"]
        lines.append(f"- {name}: {data['total_rows']:,} rows built in {data['seconds']} s ({data['scale']})")
    lines += ["", "## Pages (gunicorn, 4 workers × 2 threads, DEBUG off; latencies in ms)", ""]
    header = "| page | conc | street rps | street p50 | street p95 | street p99 | city rps | city p50 | city p95 | city p99 | queries street/city | city ÷ street p95 | city ÷ floor p95 |"
    lines += [header, "|" + "---|" * 13]
    floor_name = FLOOR[0]
    for page in (street or city).get("pages", {}):
        for conc in ("c1", "c8"):
            s = street["pages"][page][conc] if street else None
            c = city["pages"][page][conc] if city else None
            floor = (city or street)["pages"][floor_name][conc]
            limit = OVER_FLOOR.get(page, OVER_FLOOR_DEFAULT)
            over_street = _ratio(c["p95"], s["p95"]) if s and c else None
            over_floor = _ratio((c or s)["p95"], floor["p95"]) if page != floor_name else None

            def cells(m):
                if not m:
                    return ["–"] * 4
                return ["–" if m.get(key) is None else str(m[key]) for key in ("rps", "p50", "p95", "p99")]

            queries = f"{s['queries'] if s else '–'} / {c['queries'] if c else '–'}"
            if s and c and s["queries"] == c["queries"]:
                queries += " ✓"
            elif s and c:
                queries += " ✗"
            lines.append(
                f"| {page} | {conc[1:]} | "
                + " | ".join(cells(s))
                + " | "
                + " | ".join(cells(c))
                + f" | {queries} | {_mark(over_street, CITY_OVER_STREET) if page != floor_name else '–'}"
                + f" | {_mark(over_floor, limit) if over_floor is not None else '–'} |"
            )
    lines += [
        "",
        f"Targets: city ÷ street p95 ≤ {CITY_OVER_STREET}; page ÷ floor p95 ≤ {OVER_FLOOR_DEFAULT} "
        f"(staff dashboard ≤ {OVER_FLOOR['staff dashboard']}); the same queries per request at both scales.",
        "",
        "## Quarterly workbook (assessments.reports) against plain openpyxl write-only from a list",
        "",
        "| scale | scope | period | rows | seconds | ms per 1k rows | peak MB | plain openpyxl s | export ÷ limit |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    all_runs = []
    for name, scale in scales.items():
        for run in scale.get("workbooks", []):
            all_runs.append(run)
            ratio = _ratio(run["seconds"], run["limit_seconds"])
            per_k = round(run["seconds"] / run["rows"] * 1_000_000, 1) if run["rows"] else None
            lines.append(
                f"| {name} | {run['scope']} | {run['period']} | {run['rows']:,} | {run['seconds']} | {per_k} "
                f"| {run['peak_mb']} | {run['limit_seconds']} | {_mark(ratio, 1.5)} |"
            )
    big = [run for run in all_runs if run["rows"] >= 5_000]
    if len(big) >= 2:
        small, large = min(big, key=lambda r: r["rows"]), max(big, key=lambda r: r["rows"])
        mem = _ratio(max(large["peak_mb"], 1), max(small["peak_mb"], 1))
        lines += [
            "",
            f"Memory at {large['rows']:,} rows ÷ memory at {small['rows']:,} rows: {_mark(mem, 1.2)} "
            f"(peak resident growth of the process during the export; target ≤ 1.2). "
            f"Time per 1k rows {round(small['seconds'] / small['rows'] * 1e6, 1)} ms → "
            f"{round(large['seconds'] / large['rows'] * 1e6, 1)} ms.",
        ]
    lines += [
        "",
        "## Year-end scoring, all deputies",
        "",
        "| scale | deputies | seconds | queries |",
        "|---|---|---|---|",
    ]
    for name, scale in scales.items():
        s = scale.get("scoring")
        if not s:
            continue
        lines.append(f"| {name} | {s['deputies']:,} | {s['seconds']} | {s['queries']} |")
    if street and city and "scoring" in street and "scoring" in city:
        same = street["scoring"]["queries"] == city["scoring"]["queries"]
        lines.append(f"\nQueries independent of the number of deputies: {'✓' if same else '✗'}")
    if city and "reminders" in city:
        lines += [
            "",
            "## Reminder dispatch (one Celery worker, prefork 2, on Redis; SMS through the Alibaba Cloud adapter"
            " to the local imitation of the provider)",
            "",
            "| run | reminders | seconds | sent per second | sent | duplicates | flagged interrupted | lost |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for run, r in city["reminders"].items():
            lines.append(
                f"| {run} | {r['reminders']:,} | {r['seconds']} | {r['per_second']} | {r['sent']:,} "
                f"| {r['duplicates']} {'✓' if r['duplicates'] == 0 else '✗'} | {r['flagged_interrupted']} "
                f"| {r['lost']} {'✓' if r['lost'] == 0 else '✗'} |"
            )
        plain = city["reminders"].get("plain", {})
        if plain.get("provider_calls"):
            lines.append(
                f"\nProvider calls for the {plain['reminders']:,} of the plain run: {plain['provider_calls']}"
            )
    if city and city.get("imports"):
        lines += [
            "",
            "## Opinions workbook import (liaison/imports `import_run`: read, check, write in one transaction)",
            "",
            "| rows | voters at the station | seconds | of which read and check | write ms per row | ms per row "
            "| rows per second | queries | 50,000 rows at this rate |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for r in city["imports"]:
            lines.append(
                f"| {r['rows']:,} | {r['station_voters']:,} | {r['seconds']} | {r['read_and_check_seconds']} "
                f"| {r['write_ms_per_row']} | {r['ms_per_row']} "
                f"| {r['rows_per_second']} | {r['queries']} | {r['extrapolated_50k_seconds']} s (extrapolated) |"
            )
    return "\n".join(lines) + "\n"
