from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiaisonConfig(AppConfig):
    name = "liaison"
    verbose_name = _("Liaison network")

    def ready(self):
        from liaison import security_receivers  # noqa: F401  (connects the security log to auth events)
