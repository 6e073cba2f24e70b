from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
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


# Menus built (their reverse() calls, their labels) and rendered once per process rather than on every page:
# (kind of menu, language) -> items, and (kind, language, highlighted entry) -> HTML. A kind is a role, and for a
# deputy their own record; emptied when it reaches MENUS entries, which a menu per deputy could.
MENUS = 2000
_menus = {}


def _cached(key, build):
    value = _menus.get(key)
    if value is None:
        if len(_menus) >= MENUS:
            _menus.clear()
        value = _menus[key] = build()
    return value


def navigation(request):
    """The main menu, rendered (base.html): the entry of the page asked for is highlighted."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_menu": ""}
    # What menu_items reads of the user: the role, and whether they hold a unit or a deputy's record.
    deputy_pk = user.deputy.pk if user.is_deputy and hasattr(user, "deputy") else None
    kind = (user.role, user.is_unit_user, deputy_pk, get_language())
    items, urls = _cached(kind, lambda: _items_and_urls(user))
    active = request.path if request.path in urls else ""
    return {
        "main_menu": _cached(
            (*kind, active),
            lambda: render_to_string("includes/main_menu.html", {"nav_items": items, "active": active}),
        )
    }


def _items_and_urls(user):
    items = menu_items(user)
    return items, {entry.url for item in items for entry in (item, *item.children) if entry.url}


def menu_items(user):
    """The menu of each role's own work: each app says which of its pages a role uses."""
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
    return items
