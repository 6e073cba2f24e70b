from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def nav_items(user):
    """The livelihood projects' entries of each role's menu."""
    if user.is_committee_staff or user.is_officer or user.is_deputy:
        return [
            (_("Livelihood projects"), reverse("livelihood:list")),
            (_("Votes on livelihood projects"), reverse("livelihood:votes")),
        ]
    if user.is_unit_user:
        return [(_("Livelihood projects"), reverse("livelihood:list"))]
    return []
