from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.filter
def select_options(optgroups):
    """A select's options (Select.optgroups: one group per option unless the choices are grouped) as Django's
    select.html, select_option.html and attrs.html draw them, in Python: a filter's select holds up to
    FILTER_SELECT_LIMIT rows, and those templates cost a dozen nodes and two includes an option."""
    parts = []
    for group_name, options, _index in optgroups:
        if group_name:
            parts.append(format_html('\n  <optgroup label="{}">', group_name))
        for option in options:
            attributes = _attributes(option["attrs"])
            parts.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>', option["value"], attributes, option["label"]
                )
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))


def _attributes(attrs):
    """As attrs.html: an attribute set to True is written bare, one set to False not at all."""
    return mark_safe(
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )
