from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "liaison.activities"
    label = "activities"
    verbose_name = _("Reception days and activities")

    def ready(self):
        # Models are not importable before ready().
        from liaison.activities.notices import KINDS as NOTICE_KINDS
        from liaison.activities.reminders import KINDS
        from liaison.notifications.kinds import kinds_register

        kinds_register(KINDS)
        kinds_register(NOTICE_KINDS)
