"""A small load client: a thread pool, one keep-alive connection (http.client) and one logged-in session
per thread, a bounded number of requests per page. Latencies are measured around each full response."""

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


def measure(port, url, sessions, *, concurrency, requests, warmup=2, budget_seconds=30.0):
    """`requests` GETs of url spread over `concurrency` threads (each with its own session and connection),
    stopping early once budget_seconds are spent. Returns rps, p50/p95/p99 in ms, and queries per request."""
    local = threading.local()
    clients = []

    def client():
        if not hasattr(local, "client"):
            with lock:
                key = sessions[len(clients) % len(sessions)] if sessions else None
                local.client = Client(port, key)
                clients.append(local.client)
        return local.client

    lock = threading.Lock()
    latencies, queries, statuses = [], Counter(), set()
    deadline = time.monotonic() + budget_seconds

    def one(_n):
        if time.monotonic() > deadline:
            return
        started = time.perf_counter()
        status, count, _size = client().get(url)
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            statuses.add(status)
            if count is not None:
                queries[int(count)] += 1

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(one, range(warmup * concurrency)))  # connections open, caches warm
        latencies.clear()
        deadline = time.monotonic() + budget_seconds
        started = time.perf_counter()
        list(pool.map(one, range(requests)))
        wall = time.perf_counter() - started
    for each in clients:
        if each.connection:
            each.connection.close()
    milliseconds = [value * 1000 for value in latencies]
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / wall, 1) if wall else None,
        "p50": round(statistics.median(milliseconds), 1),
        "p95": round(percentile(milliseconds, 0.95), 1),
        "p99": round(percentile(milliseconds, 0.99), 1),
        # The most frequent count: a session write (the idle timer, once a minute) adds one now and then.
        "queries": queries.most_common(1)[0][0] if queries else None,
        "queries_seen": sorted(queries),
        "statuses": sorted(statuses),
    }
