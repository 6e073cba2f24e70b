"""The voters app's entries in the main menu (liaison.home.context_processors.navigation groups them)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.access import manages_network


def nav_items(user):
    if manages_network(user):
        items = [
            (_("Opinions"), reverse("voters:list")),
            (_("New opinion"), reverse("voters:create")),
            (_("Monthly consultation"), reverse("voters:consultation")),
            (_("Opinions register"), reverse("voters:register")),
            (_("Feedback register"), reverse("voters:feedback")),
            (_("Voters"), reverse("voters:voters")),
        ]
        if user.is_committee_staff:
            items += [
                (_("Categories"), reverse("voters:categories")),
                (_("Export log"), reverse("voters:exports")),
            ]
        return items
    if user.is_deputy and hasattr(user, "deputy"):
        return [(_("Opinions I received"), reverse("voters:list"))]
    return []
