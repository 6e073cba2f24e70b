"""Whole numbers read from a request's parameters: a hostile or mistyped value is ignored, never a 500."""

# The largest value a PostgreSQL bigint (and so any primary key or LIMIT) holds.
BIGINT_MAX = 2**63 - 1


def whole_number(value, *, default=None, maximum=BIGINT_MAX):
    """`value` as a positive whole number no larger than `maximum`, or `default` when it is missing,
    malformed, not positive or above `maximum` (None: no bound)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return number if number >= 1 and (maximum is None or number <= maximum) else default
