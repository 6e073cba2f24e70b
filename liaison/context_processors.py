from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.navigation import nav_items as assessments_nav_items
from liaison.access import manages_network
from suggestions.navigation import nav_items as suggestions_nav_items
from voters.navigation import nav_items as voters_nav_items


def navigation(request):
    """The menu of each role's own work; later features add their entries here."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [(_("Home"), reverse("home"))]
    if manages_network(user):
        items += [
            (_("Deputies"), reverse("deputies:list")),
            (_("Groups"), reverse("deputies:groups")),
            (_("Network"), reverse("liaison:network")),
            (_("Activities"), reverse("activities:calendar")),
            (_("Visits log"), reverse("activities:visits")),
            (_("Reminders"), reverse("activities:reminders")),
        ]
    if user.is_deputy and hasattr(user, "deputy"):
        items.append((_("My record"), reverse("deputies:detail", args=[user.deputy.pk])))
        items.append((_("My activities"), reverse("activities:mine")))
    items += voters_nav_items(user)
    items += suggestions_nav_items(user)
    items += assessments_nav_items(user)
    return {"nav_items": items}
