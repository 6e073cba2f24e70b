"""Queueing a Celery task from a request without making the request depend on the broker."""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args):
    """Queue `task(*args)` once the transaction commits. If the broker is down the page still answers (the
    data is saved); the task is logged as not queued, and the periodic jobs that sweep for such work pick it
    up. Pass ids, never personal data."""
    transaction.on_commit(partial(_publish, task, args))


def _publish(task, args):
    try:
        task.delay(*args)
    except OperationalError as error:
        logger.warning("broker unavailable, %s%s not queued: %s", task.name, args, error)
