"""Celery tasks of accounts: thin, harmless when run twice."""

from celery import shared_task

from liaison.accounts.login_codes import login_codes_purge


@shared_task(name="accounts.purge_login_codes", ignore_result=True)
def purge_login_codes():
    return login_codes_purge()
