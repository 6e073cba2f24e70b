from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The home pages of each role and the public board: the only room that reads every app."""

    name = "liaison.home"
    label = "home"
    verbose_name = _("Home pages and the public board")
