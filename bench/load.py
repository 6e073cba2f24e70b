"""A small load client: a thread pool, one keep-alive connection (http.client) and one logged-in session
per thread, a bounded number of requests per page. Latencies are measured around each full response; a page
that a browser loads in several requests (a shell and the JSON its table fetches) is a tuple of URLs, fetched
in turn on the same connection and timed, sized and counted as one."""

import http.client
import statistics
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

QUERY_HEADER = "X-Bench-Queries"


class Client:
    def __init__(self, port, session_key):
        self.port = port
        self.cookie = f"sessionid={session_key}" if session_key else ""
        self.connection = None

    def get(self, url):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
            try:
                headers = {"Cookie": self.cookie} if self.cookie else {}
                self.connection.request("GET", url, headers=headers)
                response = self.connection.getresponse()
                body = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, response.getheader(QUERY_HEADER), len(body)
            except (http.client.HTTPException, ConnectionError):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure(targets, *, concurrency, requests, rounds=4, warmup=2, budget_seconds=60.0):
    """GETs spread over `concurrency` threads against each target in turn, in `rounds` alternating rounds,
    so that the noise of a shared machine falls on every target alike. A target is (port, url or tuple of
    urls, sessions); each thread keeps its own session and keep-alive connection per target. Stops early once
    budget_seconds are spent. Returns, per target: rps, p50/p95/p99 in ms, queries per request and the
    largest response in bytes."""
    lock = threading.Lock()
    local = threading.local()
    opened = []

    def client(index):
        if not hasattr(local, "clients"):
            with lock:
                local.slot = len(opened)
                local.clients = {}
                opened.append(local.clients)
        if index not in local.clients:
            port, _url, sessions = targets[index]
            key = sessions[local.slot % len(sessions)] if sessions else None
            local.clients[index] = Client(port, key)
        return local.clients[index]

    latencies = [[] for _target in targets]
    walls = [0.0 for _target in targets]
    queries = [Counter() for _target in targets]
    statuses = [set() for _target in targets]
    sizes = [0 for _target in targets]
    deadline = time.monotonic() + budget_seconds

    def one(index, record=True):
        url = targets[index][1]
        started = time.perf_counter()
        answers = [client(index).get(each) for each in ((url,) if isinstance(url, str) else url)]
        elapsed = time.perf_counter() - started
        if record:
            counts = [int(count) for _status, count, _size in answers if count is not None]
            with lock:
                latencies[index].append(elapsed)
                statuses[index].update(status for status, _count, _size in answers)
                sizes[index] = max(sizes[index], sum(size for _status, _count, size in answers))
                if counts:
                    queries[index][sum(counts)] += 1

    per_round = max(1, requests // rounds)
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        for index in range(len(targets)):  # connections open, caches warm
            list(pool.map(lambda _n, i=index: one(i, record=False), range(warmup * concurrency)))
        deadline = time.monotonic() + budget_seconds
        for _round in range(rounds):
            if time.monotonic() > deadline:
                break
            for index in range(len(targets)):
                started = time.perf_counter()
                list(pool.map(lambda _n, i=index: one(i), range(per_round)))
                walls[index] += time.perf_counter() - started
    for clients in opened:
        for each in clients.values():
            if each.connection:
                each.connection.close()
    results = []
    for index in range(len(targets)):
        milliseconds = [value * 1000 for value in latencies[index]]
        results.append(
            {
                "requests": len(milliseconds),
                "rps": round(len(milliseconds) / walls[index], 1) if walls[index] else None,
                "p50": round(statistics.median(milliseconds), 1),
                "p95": round(percentile(milliseconds, 0.95), 1),
                "p99": round(percentile(milliseconds, 0.99), 1),
                # The most frequent count: a session write (the idle timer) adds one now and then.
                "queries": queries[index].most_common(1)[0][0] if queries[index] else None,
                "queries_seen": sorted(queries[index]),
                "statuses": sorted(statuses[index]),
                "bytes": sizes[index],
            }
        )
    return results
