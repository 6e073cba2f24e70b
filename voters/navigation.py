"""The voters app's entries in the main menu (liaison.context_processors.navigation adds them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.access import manages_network


def nav_items(user):
    if manages_network(user):
        return [(_("Opinions"), reverse("voters:list"))]
    if user.is_deputy and hasattr(user, "deputy"):
        return [(_("Opinions I received"), reverse("voters:list"))]
    return []
