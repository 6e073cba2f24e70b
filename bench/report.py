"""The table: pages at both scales with the ratios issue 9 asks for, their bytes, our floor against the bare
one and the peer beside ours (issue 19), exports against plain openpyxl, scoring, reminders; each target
marked as held or missed."""

from bench.pages import (
    BARE,
    BYTES_CITY_OVER_STREET,
    BYTES_LIMIT,
    CITY_OVER_STREET,
    FLOOR,
    FLOOR_OVER_BARE,
    OURS_OVER_PEER_LIST,
    OVER_FLOOR,
    OVER_FLOOR_DEFAULT,
    PEER_BARE,
    PEER_FLOOR,
    PEER_PAGES,
)


def _ratio(a, b):
    return round(a / b, 2) if a is not None and b else None


def _mark(value, limit):
    if value is None:
        return "–"
    return f"{value} {'✓' if value <= limit else '✗'}"


def _bytes(street, city):
    """Bytes at both scales, marked ✗ when the page grows with the data or is over the limit."""
    sizes = [m["bytes"] for m in (street, city) if m and m.get("bytes") is not None]
    if not sizes:
        return "–"
    grows = len(sizes) == 2 and sizes[0] and sizes[1] / sizes[0] > BYTES_CITY_OVER_STREET
    held = not grows and max(sizes) <= BYTES_LIMIT
    return " / ".join(f"{size:,}" for size in sizes) + f" {'✓' if held else '✗'}"


def _over_peer(ours, our_floor, theirs, their_floor):
    """Ours ÷ peer on the same job, each side's p95 over its own floor's first, unrounded."""
    if not (ours and our_floor and theirs and their_floor and our_floor["p95"] and theirs["p95"]):
        return None
    return (ours["p95"] / our_floor["p95"]) / (theirs["p95"] / their_floor["p95"])


def _lighter(ratio, limit=None):
    """The ratio, how many times lighter, and the mark, all from the unrounded ratio: rounded to two places
    first, 0.0224 (44.6× lighter) read as 0.02, "50× lighter" and a pass."""
    if ratio is None:
        return "–"
    text = f"{ratio:.3f} ({1 / ratio:.1f}× lighter)" if ratio else "0"
    return text + (f" {'✓' if ratio <= limit else '✗'}" if limit is not None else "")


def _peer_lines(results, ours):
    """The peer's pages beside our nearest ones, floor-normalised."""
    peer = results.get("peer")
    if not peer or not peer.get("pages"):
        return []
    pages = peer["pages"]
    versions = ", ".join(f"{name} {number}" for name, number in peer["versions"].items())
    lines = [
        "",
        f"## The peer, in the same run: {versions}",
        "",
        f"- {peer['total_rows']:,} rows built in {peer['seconds']} s ({peer['rows']})",
        "- same gunicorn settings, DEBUG off, measured in alternating rounds with our nearest page; ours at "
        f"the {'city' if 'city' in results['scales'] else 'street'}'s scale. Floor-normalised: each side's p95 "
        "over its own floor (a trivial logged-in page in its base template) measured in the same run.",
        "",
        "| peer page | conc | p50 | p95 | queries | bytes | ÷ its floor p95 | our page | ours ÷ our floor p95 "
        "| ours ÷ peer |",
        "|" + "---|" * 10,
    ]
    list_name = PEER_PAGES[0][0]
    for name, nearest, *_rest in PEER_PAGES:
        theirs = pages.get(name)
        if not theirs:
            continue
        for conc in ("c1", "c8"):
            t, o = theirs[conc], ours.get(nearest, {}).get(conc)
            t_floor = pages.get(PEER_FLOOR, {}).get(conc)
            o_floor = ours.get(FLOOR[0], {}).get(conc)
            floors = name in (PEER_FLOOR, PEER_BARE)
            over = None if floors else _over_peer(o, o_floor, t, t_floor)
            limit = OURS_OVER_PEER_LIST if name == list_name else None
            lines.append(
                f"| {name} | {conc[1:]} | {t['p50']} | {t['p95']} | {t['queries']} | {t['bytes']:,} "
                f"| {'–' if floors else _ratio(t['p95'], t_floor['p95'])} | {nearest} "
                f"| {'–' if floors or not o else _ratio(o['p95'], o_floor['p95'])} | {_lighter(over, limit)} |"
            )
    if PEER_FLOOR in pages and PEER_BARE in pages:
        ratios = [
            _ratio(pages[PEER_FLOOR][conc]["p95"], pages[PEER_BARE][conc]["p95"]) for conc in ("c1", "c8")
        ]
        lines.append(
            f"\nThe peer's floor ÷ its bare floor p95, concurrency 1 / 8: {ratios[0]} / {ratios[1]}."
        )
    lines.append(
        f"\nTarget: ours at least {round(1 / OURS_OVER_PEER_LIST)}× lighter than the peer's ticket list "
        f"(ours ÷ peer ≤ {OURS_OVER_PEER_LIST}); the ticket list is its shell and the rows' JSON its "
        "datatable fetches, timed as one page."
    )
    return lines


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
    header = "| page | conc | street rps | street p50 | street p95 | street p99 | city rps | city p50 | city p95 | city p99 | queries street/city | city ÷ street p95 | city ÷ floor p95 | bytes street / city | ours ÷ peer |"
    lines += [header, "|" + "---|" * 15]
    floor_name = FLOOR[0]
    floors = (floor_name, BARE[0])
    peer_pages = results.get("peer", {}).get("pages", {})
    peer_of = {nearest: peer_pages.get(name) for name, nearest, *_rest in PEER_PAGES}
    ours = (city or street).get("pages", {})
    for page in ours:
        for conc in ("c1", "c8"):
            s = street["pages"][page][conc] if street else None
            c = city["pages"][page][conc] if city else None
            floor = (city or street)["pages"][floor_name][conc]
            limit = OVER_FLOOR.get(page, OVER_FLOOR_DEFAULT)
            over_street = _ratio(c["p95"], s["p95"]) if s and c else None
            over_floor = _ratio((c or s)["p95"], floor["p95"]) if page not in floors else None
            theirs = peer_of.get(page)
            over_peer = None
            if theirs and page not in floors:
                over_peer = _over_peer((c or s), floor, theirs[conc], peer_pages[PEER_FLOOR][conc])

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
                + f" | {queries} | {_mark(over_street, CITY_OVER_STREET) if page not in floors else '–'}"
                + f" | {_mark(over_floor, limit) if over_floor is not None else '–'}"
                + f" | {_bytes(s, c)} | {_lighter(over_peer)} |"
            )
    lines += [
        "",
        f"Targets: city ÷ street p95 ≤ {CITY_OVER_STREET}; page ÷ floor p95 ≤ {OVER_FLOOR_DEFAULT} "
        f"(staff dashboard ≤ {OVER_FLOOR['staff dashboard']}); the same queries per request at both scales; "
        f"bytes ≤ {BYTES_LIMIT // 1000} KB and city ÷ street bytes ≤ {BYTES_CITY_OVER_STREET}. Ours ÷ peer: "
        "floor-normalised p95 against the peer's page of the same job (below).",
    ]
    if BARE[0] in ours:
        ratios = [_ratio(ours[floor_name][conc]["p95"], ours[BARE[0]][conc]["p95"]) for conc in ("c1", "c8")]
        lines.append(
            f"\nOur floor ÷ the bare floor p95 ({'city' if city else 'street'}), concurrency 1 / 8: "
            + " / ".join(_mark(ratio, FLOOR_OVER_BARE) for ratio in ratios)
            + f" (target ≤ {FLOOR_OVER_BARE})."
        )
    lines += _peer_lines(results, ours)
    lines += [
        "",
        "## Quarterly workbook (assessments.reports) against plain openpyxl write-only from a list",
        "",
        "| scale | scope | period | rows | seconds | ms per 1k rows | peak MB | traced peak MB | plain openpyxl s "
        "| export ÷ limit |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    all_runs = []
    for name, scale in scales.items():
        for run in scale.get("workbooks", []):
            all_runs.append(run)
            ratio = _ratio(run["seconds"], run["limit_seconds"])
            per_k = round(run["seconds"] / run["rows"] * 1_000_000, 1) if run["rows"] else None
            lines.append(
                f"| {name} | {run['scope']} | {run['period']} | {run['rows']:,} | {run['seconds']} | {per_k} "
                f"| {run['peak_mb']} | {run.get('traced_peak_mb', '–')} | {run['limit_seconds']} "
                f"| {_mark(ratio, 3 if run['scope'] == 'station' else 1.5)} |"
            )
    big = [run for run in all_runs if run["rows"] >= 5_000]
    if len(big) >= 2:
        small, large = min(big, key=lambda r: r["rows"]), max(big, key=lambda r: r["rows"])
        mem = _ratio(max(large["peak_mb"], 1), max(small["peak_mb"], 1))
        traced = (
            _ratio(large["traced_peak_mb"], small["traced_peak_mb"]) if "traced_peak_mb" in small else None
        )
        lines += [
            "",
            f"Memory at {large['rows']:,} rows ÷ memory at {small['rows']:,} rows: {_mark(mem, 1.2)} "
            f"(peak resident growth of the process during the export, above a warm-up export of the period's last day); "
            f"traced peak (everything the export allocates, tracemalloc): {_mark(traced, 1.2)}; target ≤ 1.2. "
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
