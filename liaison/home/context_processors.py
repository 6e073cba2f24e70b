from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessments.navigation import nav_items as assessments_nav_items
from liaison.core.access import manages_network
from liaison.livelihood.navigation import nav_items as livelihood_nav_items
from suggestions.navigation import nav_items as suggestions_nav_items
from voters.navigation import nav_items as voters_nav_items


@dataclass(frozen=True)
class NavItem:
    """One entry of the menu: a link, or a titled group of links shown as a dropdown."""

    label: str
    url: str = ""
    children: tuple = ()


def group(label, entries):
    """A dropdown when a part of the work has several pages, a plain link when it has one."""
    if not entries:
        return []
    if len(entries) == 1:
        return [NavItem(*entries[0])]
    return [NavItem(label, children=tuple(NavItem(*entry) for entry in entries))]


def navigation(request):
    """The menu of each role's own work: each app says which of its pages a role uses."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [NavItem(_("Home"), reverse("home:home"))]
    if manages_network(user):
        items += group(
            _("Deputies"),
            [(_("Roster"), reverse("deputies:list")), (_("Groups"), reverse("deputies:groups"))],
        )
        items += group(
            _("Stations and activities"),
            [
                (_("Network"), reverse("liaison:network")),
                (_("Activities"), reverse("activities:calendar")),
                (_("Visits log"), reverse("activities:visits")),
                (_("Notices"), reverse("activities:notices")),
                (_("Reminders"), reverse("activities:reminders")),
            ],
        )
    if user.is_deputy and hasattr(user, "deputy"):
        items += group(
            _("Me"),
            [
                (_("My record"), reverse("deputies:detail", args=[user.deputy.pk])),
                (_("My activities"), reverse("activities:mine")),
            ],
        )
    items += group(_("Opinions"), voters_nav_items(user))
    items += group(_("Suggestions"), suggestions_nav_items(user))
    items += group(_("Livelihood projects"), livelihood_nav_items(user))
    items += group(_("Duty assessment"), assessments_nav_items(user))
    if user.is_committee_staff:
        items.append(NavItem(_("Accounts"), reverse("accounts:users")))
        items.append(NavItem(_("Policy"), reverse("policies:edit")))
        # Beside the policy whose deadlines count working days: the official holidays and 调休 days.
        items.append(NavItem(_("Working-day calendar"), reverse("calendar:days")))
        items.append(NavItem(_("Security log"), reverse("security_log")))
    return {"nav_items": items}
