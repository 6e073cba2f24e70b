"""A deterministic dataset at street or city scale, loaded with COPY (bench/copy.py).

The same generator makes both: a city (300 stations with 2,000 contact points, 10,000 deputies, 5 years)
and a street (one station, 170 deputies, one year). Everything comes from one seeded random generator, so
two runs on the same day build the same rows; dates are relative to today, so "overdue" stays meaningful.
Rows respect the models' invariants: statuses are reached through the same steps the services take, and
each step has its timeline event.

The parts follow in the order they draw from the random stream, each in its own module: the network
(bench/generate_network.py), opinions, suggestions, then activities with visits and duty records; what they
share (the run, names, topics, planned ids) is bench/rows.py."""

import random
from dataclasses import dataclass, field

from django.db import connection, transaction

from assessments.models import DutyRecord
from bench.copy import reset_sequences
from bench.generate_activities import activities
from bench.generate_network import network
from bench.generate_opinions import opinions
from bench.generate_suggestions import suggestions
from bench.rows import Run
from deputies.models import Deputy, DeputyGroup, Mandate
from liaison.activities.models import Activity, Invitation, Visit
from liaison.models import HandlingUnit, Station, Stationing, User
from liaison.notifications.models import Delivery, Notification, Recipient
from suggestions.models import Assignment, Evaluation, Reply, Suggestion, SuggestionEvent
from voters.models import Category, Opinion, OpinionEvent, Voter


@dataclass
class Scale:
    name: str
    stations: int
    points: int
    deputies: int
    groups: int
    units: int
    years: int
    opinions: int
    suggestions: int
    activities: int
    invitations_per_activity: int
    visits: int

    def scaled(self, factor):
        if factor == 1:
            return self
        keep = {"name", "years", "invitations_per_activity"}
        values = {
            name: (value if name in keep else max(1, round(value * factor)))
            for name, value in self.__dict__.items()
        }
        return Scale(**values)


CITY = Scale("city", 300, 2000, 10000, 400, 300, 5, 300_000, 100_000, 50_000, 10, 200_000)
# One station a year at the city's per-station rates: 170 deputies, its points, its share of the rest.
STREET = Scale("street", 1, 7, 170, 7, 30, 1, 200, 340, 34, 10, 140)


@dataclass
class Built:
    """What the measurements need to find again: who logs in, and typical rows to open."""

    counts: dict = field(default_factory=dict)
    logins: dict = field(default_factory=dict)
    station_id: int = 0
    unit_id: int = 0
    suggestion_id: int = 0
    category_id: int = 0


def build(scale, *, seed=2026, log=print):
    """Load one scale's dataset into the (empty, migrated) default database."""
    with transaction.atomic():
        built = _build(scale, random.Random(seed), log)
    with connection.cursor() as cursor:
        # Statistics, and (outside a transaction, as in a benchmark run) the visibility map that index-only
        # scans need; inside a test's transaction VACUUM is not allowed.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    return built


def _build(scale, rng, log):
    built = Built()
    run = Run(scale, rng, log, built.counts)
    net = network(run)
    opinion_deputy, built.category_id = opinions(run, net)
    built.suggestion_id, typical_deputy = suggestions(run, net)
    activities(run, net, opinion_deputy)

    reset_sequences(
        [Station, HandlingUnit, User, User.stations.through, Deputy, Mandate, Stationing, DeputyGroup,
         DeputyGroup.members.through, Recipient, Category, Voter, Opinion, OpinionEvent, Suggestion, Assignment, Reply,
         Evaluation, SuggestionEvent, Activity, Invitation, Notification, Delivery, Visit, Visit.deputies.through,
         DutyRecord]
    )  # fmt: skip

    # Typical things to open: the busiest station, the unit with most assignments, a second-round case, and a
    # deputy with cases of their own (the lead deputy of that case).
    built.station_id = net.stations[0]
    built.unit_id = net.units[0]
    built.logins = {
        "staff": "bench-staff",
        "officer": f"bench-officer-{net.stations[0]}",
        "deputy": f"bench-deputy-{typical_deputy}",
        "unit": f"bench-unit-{net.units[0]}",
    }
    return built
