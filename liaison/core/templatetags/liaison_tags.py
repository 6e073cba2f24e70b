from django import template

from liaison.core.phones import mask_name, national_phone
from liaison.core.phones import mask_phone as mask_phone_value

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced (keeps filters across pages)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def masked_phone(stored):
    return mask_phone_value(stored)


@register.filter
def masked_name(name):
    return mask_name(name)


@register.filter
def phone(stored):
    return national_phone(stored)


@register.filter
def minutes(duration):
    """A timedelta in whole minutes, rounded up (a lockout of 14.5 minutes says 15)."""
    return -(-int(duration.total_seconds()) // 60)
