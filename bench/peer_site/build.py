"""`python -m bench.peer_site.build <factor> <out.json>`, in the peer's environment: helpdesk's dataset at the
size of our city (200,000 tickets with 400,000 follow-ups, times the factor), loaded with COPY
(bench/copy.py) from one seeded generator, then logged-in sessions for its staff user and the URLs of the
pages measured (bench/pages.py, PEER_PAGES)."""

import json
import random
import sys
import time
from datetime import timedelta

TICKETS = 200_000
FOLLOWUPS = 400_000
QUEUES = 20
AGENTS = 50
# helpdesk's statuses: open, reopened, resolved, closed, duplicate; weights of a tracker five years old.
STATUSES = ((1, 25), (2, 5), (3, 20), (4, 45), (5, 5))


def _setup():
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.peer_site.settings")
    import django

    django.setup()


def _tickets(rng, count, agents, queues, first, span, staff):
    from bench.rows import TOPICS, person

    statuses = [status for status, weight in STATUSES for _n in range(weight)]
    for pk in range(1, count + 1):
        created = first + timedelta(seconds=rng.randrange(span))
        status = rng.choice(statuses)
        # Six in ten are assigned; the staff user who logs in holds a share like every agent's.
        assigned = rng.choice(agents) if rng.random() < 0.6 else None
        if pk == 1:
            assigned, status = staff, 1
        yield {
            "id": pk,
            "title": rng.choice(TOPICS),
            "queue_id": rng.choice(queues),
            "created": created,
            "modified": created + timedelta(hours=rng.randrange(1, 24 * 30)),
            "submitter_email": f"voter{rng.randrange(100_000)}@example.com",
            "assigned_to_id": assigned,
            "status": status,
            "on_hold": False,
            "description": f"{person(rng)}反映：{rng.choice(TOPICS)}。" * rng.randint(1, 4),
            "resolution": "已答复并办结。" if status in (3, 4) else None,
            "priority": rng.randint(1, 5),
            "secret_key": f"{rng.getrandbits(128):032x}",
        }


def _followups(rng, count, tickets, agents, first, span, busy):
    from bench.rows import TOPICS

    # The ticket opened in the detail gets a second-round case's follow-ups, as our suggestion detail has.
    for pk in range(1, count + 1):
        ticket = 1 if pk <= busy else rng.randint(1, tickets)
        yield {
            "id": pk,
            "ticket_id": ticket,
            "date": first + timedelta(seconds=rng.randrange(span)),
            "title": "Comment",
            "comment": f"已联系相关单位：{rng.choice(TOPICS)}。" * rng.randint(1, 3),
            "public": rng.random() < 0.7,
            "user_id": rng.choice(agents),
            "new_status": None,
            "message_id": None,
            "time_spent": None,
        }


def build(factor):
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone
    from helpdesk.models import FollowUp, Queue, Ticket

    from bench.copy import Loader, reset_sequences

    rng = random.Random(2026)
    now = timezone.now()
    first = now - timedelta(days=365 * 5)
    span = int((now - first).total_seconds())
    tickets = max(1, round(TICKETS * factor))
    followups = max(1, round(FOLLOWUPS * factor))
    User = get_user_model()
    with transaction.atomic():
        # Through the ORM: helpdesk gives each user its settings row on save.
        staff = User.objects.create_user("bench-peer-staff", password=None, is_staff=True).pk
        agents = [staff] + [
            User.objects.create_user(f"bench-peer-agent-{n}", password=None, is_staff=True).pk
            for n in range(AGENTS)
        ]
        queues = [
            Queue.objects.create(title=f"Queue {n}", slug=f"queue-{n}", allow_public_submission=True).pk
            for n in range(QUEUES)
        ]
        counts = {
            "helpdesk.Ticket": Loader(Ticket, now).write(
                _tickets(rng, tickets, agents, queues, first, span, staff)
            ),
            "helpdesk.FollowUp": Loader(FollowUp, now).write(
                _followups(rng, followups, tickets, agents, first, span, busy=min(8, followups))
            ),
        }
        reset_sequences([Ticket, FollowUp])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    counts["auth.User"], counts["helpdesk.Queue"] = len(agents), len(queues)
    return counts, {"staff": "bench-peer-staff"}, {"ticket": 1}


def _page_urls(values):
    from django.urls import reverse

    from bench.pages import PEER_PAGES

    pages = []
    for name, nearest, url_name, argument, rows_json in PEER_PAGES:
        url = reverse(url_name, args=[values[argument]] if argument else [])
        pages.append({"name": name, "nearest": nearest, "role": "staff", "url": url, "rows_json": rows_json})
    return pages


def main(factor, out):
    _setup()
    from importlib.metadata import version

    from bench.tasks import login_sessions

    started = time.monotonic()
    counts, logins, values = build(float(factor))
    seconds = time.monotonic() - started
    built = {
        "seconds": round(seconds, 1),
        "rows": counts,
        "total_rows": sum(counts.values()),
        "versions": {name: version(name) for name in ("django-helpdesk", "Django", "gunicorn", "psycopg")},
        "sessions": login_sessions(logins, 8),
        "values": values,
        "pages": _page_urls(values),
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(built, handle, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
