"""Similar open opinions, shown while an opinion is entered, so that duplicates are merged or gathered
into one joint suggestion.

Chinese is written without spaces, so texts are compared by character bigrams (Dice coefficient). On
PostgreSQL the candidates come from pg_trgm's GIN index (migration 0003); elsewhere from a bounded scan of
the most recent open opinions. Either way the work per keystroke is bounded, whatever the city's size."""

import re
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import BooleanField, F, FloatField, Func, Q, Value
from django.utils import timezone

from voters.models import Opinion

WINDOW_DAYS = 180
MIN_TEXT = 4
MIN_SCORE = 0.2
SCAN_LIMIT = 300  # SQLite: the most recent open opinions of the neighbourhood
INDEX_LIMIT = 40  # PostgreSQL: the best trigram candidates
INDEX_THRESHOLD = "0.08"
QUERY_CHARS = 500
NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise(text):
    return NOISE.sub("", (text or "").lower())


def bigrams(text):
    chars = normalise(text)
    if len(chars) < 2:
        return {chars} if chars else set()
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def dice(first, second):
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


class TrigramMatch(Func):
    """content % 'text': true when pg_trgm finds the texts similar; answered from the GIN index."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def neighbourhood(station):
    """The station's own 1+N network: its liaison station and every point under it."""
    root_id = station.parent_id or station.pk
    return Q(station_id=root_id) | Q(station__parent_id=root_id)


def similar_open_opinions(*, text, station, exclude=(), limit=5):
    """[(opinion, score)] of open opinions like `text` from this and neighbouring stations, best first."""
    query = normalise(text)[:QUERY_CHARS]
    if len(query) < MIN_TEXT or station is None:
        return []
    since = timezone.now() - timedelta(days=WINDOW_DAYS)
    candidates = (
        Opinion.objects.filter(
            neighbourhood(station), status__in=Opinion.OPEN_STATUSES, received_at__gte=since
        )
        .exclude(pk__in=[pk for pk in exclude if pk])
        .select_related("station", "category")
        .only(
            "pk",
            "tracking_code",
            "content",
            "status",
            "received_at",
            "station__name",
            "category__name",
            "category__name_en",
        )
    )
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                # Local to this transaction: other queries keep pg_trgm's default threshold.
                cursor.execute(
                    "SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [INDEX_THRESHOLD]
                )
            rows = list(
                candidates.filter(TrigramMatch(F("content"), Value(query)))
                .annotate(
                    trigram=Func(F("content"), Value(query), function="similarity", output_field=FloatField())
                )
                .order_by("-trigram")[:INDEX_LIMIT]
            )
    else:
        rows = list(candidates.order_by("-received_at")[:SCAN_LIMIT])
    wanted = bigrams(query)
    scored = [(opinion, dice(wanted, bigrams(opinion.content))) for opinion in rows]
    scored = [(opinion, score) for opinion, score in scored if score >= MIN_SCORE]
    scored.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return scored[:limit]
