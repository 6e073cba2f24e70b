from django import template

from liaison.core.history import history_rows

register = template.Library()


@register.simple_tag(takes_context=True)
def record_history(context, instance, *related):
    """The record's history for committee staff (liaison/history.py); nothing for anyone else."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not user.is_committee_staff:
        return None
    return history_rows(instance, *related)
