"""The kinds of message the outbox knows, with their default texts; staff override them per kind (on/off,
lead times, text) with a ReminderRule. Each domain app registers its own kinds when it is ready, so the
outbox knows none of them (REMINDERS.md). Texts are Django templates rendered in the site's language."""

from dataclasses import dataclass, field

from django.conf import settings
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from liaison.notifications.models import ReminderRule


@dataclass(frozen=True)
class Kind:
    label: str
    subject: str
    body: str
    offsets: str = ""  # the name of the setting with the default lead times, if the kind has lead times
    # SMS template parameters of this kind beyond the notification's own (subject, body, name, link, path):
    # {name: Django template}, rendered with `about` (what the message is about) when the SMS goes out,
    # e.g. {"time": "{{ about.starts_at|date:'m-d H:i' }}", "place": "{{ about.place }}"}.
    sms: dict[str, str] = field(default_factory=dict)


KINDS = {
    "digest": Kind(
        _("Daily digest"),
        _("Your reminders ({{ count }})"),
        "{% for line in lines %}{{ line }}\n{% endfor %}",
    ),
}


def kinds_register(kinds):
    """Called by each domain app's AppConfig.ready() with its {code: Kind}."""
    KINDS.update(kinds)


def rule_for(kind):
    """The rule staff set for this kind, or one with the defaults (not saved)."""
    rule = ReminderRule.objects.filter(kind=kind).first()
    if rule is None:
        rule = ReminderRule(kind=kind)
    return rule


def offsets_for(kind, rule=None):
    rule = rule or rule_for(kind)
    if rule.offset_days:
        return rule.offset_days
    setting = KINDS[kind].offsets
    value = getattr(settings, setting) if setting else []
    return list(value) if isinstance(value, list | tuple) else [value]


def render(kind, context, rule=None):
    rule = rule or rule_for(kind)
    default = KINDS[kind]
    engine = engines["django"]
    with translation.override(settings.LANGUAGE_CODE):
        subject = rule.subject_template or str(default.subject)
        body = rule.body_template or str(default.body)
        subject, body = (
            engine.from_string("{% autoescape off %}" + text + "{% endautoescape %}").render(context)
            for text in (subject, body)
        )
        return " ".join(subject.split()), body.strip()


def kind_params(notification):
    """The kind's own SMS template parameters for one notification (Kind.sms), rendered now."""
    kind = KINDS.get(notification.kind)
    if kind is None or not kind.sms:
        return {}
    engine = engines["django"]
    context = {"notification": notification, "about": notification.about}
    with translation.override(settings.LANGUAGE_CODE):
        return {
            name: engine.from_string("{% autoescape off %}" + text + "{% endautoescape %}").render(context)
            for name, text in kind.sms.items()
        }


def ensure_rules(rule_model=ReminderRule):
    """One editable row per known kind, so staff see them all; run after every migrate (liaison/apps.py)."""
    existing = set(rule_model.objects.values_list("kind", flat=True))
    rule_model.objects.bulk_create(rule_model(kind=kind) for kind in KINDS if kind not in existing)
