"""Queueing a Celery task from a request without making the request depend on the broker."""

import logging
from functools import partial

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_after_commit(task, *args):
    """Queue `task(*args)` once the transaction commits. If the broker is down the page still answers (the
    data is saved); the task is logged as not queued, and the periodic jobs that sweep for such work pick it
    up. Pass ids, never personal data. `task` is a task or its registered name: a service names the task
    that its own app's tasks module defines on top of it, instead of importing that module."""
    transaction.on_commit(partial(_publish, task, args))


def _publish(task, args):
    if isinstance(task, str):
        if task not in current_app.tasks:
            current_app.loader.import_default_modules()  # a web process has not read the apps' tasks yet
        task = current_app.tasks[task]
    try:
        task.delay(*args)
    except OperationalError as error:
        logger.warning("broker unavailable, %s%s not queued: %s", task.name, args, error)
