from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liaison.core.access import manages_network


def nav_items(user):
    """The duty assessment entries of each role's menu."""
    bulletins = (_("Deputies' work bulletins"), reverse("assessments:bulletins"))
    if user.is_committee_staff:
        sittings = (_("Sessions and meetings"), reverse("assessments:sittings"))
        return [(_("Duty assessment"), reverse("assessments:index")), sittings, bulletins]
    if manages_network(user):
        return [(_("Duty assessment"), reverse("assessments:index")), bulletins]
    if user.is_deputy and hasattr(user, "deputy"):
        return [(_("My duty score"), reverse("assessments:my_score")), bulletins]
    if user.is_unit_user:  # 一府两院 read the published bulletins (seed 004)
        return [bulletins]
    return []
