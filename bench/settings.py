"""The project's settings as served in the benchmark, plus one middleware that reports the number of SQL
queries of each response in a header (server-side count, so the load client needs no access to Django), and
the floor page (bench/urls.py)."""

from liaison.settings import *  # noqa: F403

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
