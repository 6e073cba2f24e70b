"""The project's settings as served in the benchmark, plus one middleware that reports the number of SQL
queries of each response in a header (server-side count, so the load client needs no access to Django)."""

from liaison.settings import *  # noqa: F403

MIDDLEWARE = ["bench.middleware.QueryCountMiddleware", *MIDDLEWARE]  # noqa: F405
