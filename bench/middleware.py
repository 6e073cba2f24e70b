from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    """Counts every query the request runs (sessions and user included) and says so in a header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
            # A streamed or lazily rendered body would run its queries after this point; ours are rendered.
        response[HEADER] = str(count)
        return response
