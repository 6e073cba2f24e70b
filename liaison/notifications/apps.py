from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from liaison.accounts.sms import account_sms_sender_register
from liaison.notifications.gateways import account_sms_send_now


class NotificationsConfig(AppConfig):
    name = "liaison.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        post_migrate.connect(seed_reminder_rules, sender=self)
        account_sms_sender_register(account_sms_send_now)


def seed_reminder_rules(sender, apps=None, **kwargs):
    """The reminder rules page lists one row per kind; they are made here, since a GET never writes.
    `migrate` passes its historical models; `flush` (tests on a live server) passes none. Every app's
    ready() has registered its kinds by then."""
    from liaison.notifications.kinds import ensure_rules  # models are not importable before ready()

    try:
        rule_model = (apps or sender.apps).get_model("notifications", "ReminderRule")
    except LookupError:  # migrated back to before the table existed
        return
    ensure_rules(rule_model)
