from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def nav_items(user):
    """The suggestions entries of each role's menu."""
    if user.is_committee_staff:
        return [
            (_("Suggestions"), reverse("suggestions:list")),
            (_("Handling units"), reverse("suggestions:units")),
            (_("Rates"), reverse("suggestions:rates")),
            (_("Monthly consultations"), reverse("suggestions:consultations")),
        ]
    if user.is_officer:
        return [
            (_("Suggestions"), reverse("suggestions:list")),
            (_("Monthly consultations"), reverse("suggestions:consultations")),
        ]
    if user.is_deputy:
        return [
            (_("My cases"), reverse("suggestions:mine")),
            (_("Monthly consultations"), reverse("suggestions:consultations")),
        ]
    if user.is_unit_user:
        return [
            (_("Assigned to us"), reverse("suggestions:unit_work")),
            (_("Reply templates"), reverse("suggestions:templates")),
        ]
    return []
