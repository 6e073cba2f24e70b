from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.access import manages_network


def nav_items(user):
    """The duty assessment entries of each role's menu."""
    if manages_network(user):
        return [(_("Duty assessment"), reverse("assessments:index"))]
    if user.is_deputy and hasattr(user, "deputy"):
        return [(_("My duty score"), reverse("assessments:my_score"))]
    return []
