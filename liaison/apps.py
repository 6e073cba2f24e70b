from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison network")

    def ready(self):
        from liaison import security_receivers  # noqa: F401  (connects the security log to auth events)

        post_migrate.connect(seed_reminder_rules, sender=self)


def seed_reminder_rules(sender, apps=None, **kwargs):
    """The reminder rules page lists one row per kind; they are made here, since a GET never writes.
    `migrate` passes its historical models; `flush` (tests on a live server) passes none."""
    from liaison.reminders import ensure_rules

    try:
        rule_model = (apps or sender.apps).get_model("liaison", "ReminderRule")
    except LookupError:  # migrated back to before the table existed
        return
    ensure_rules(rule_model)
