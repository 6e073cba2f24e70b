"""On the demo street, every figure and every chart bar of every role's home page equals the number of rows
of the list it links to, opened by the same user with the link's own query string."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from liaison.activities.models import Activity, Invitation
from liaison.models import User
from suggestions.models import Suggestion

pytestmark = pytest.mark.django_db


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _list_count(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.context["page"].paginator.count


def _unit_work(context):
    return {
        "waiting": len(context["overdue"]) + len(context["soon"]) + len(context["later"]),
        "overdue": len(context["overdue"]),
        "soon": len(context["soon"]),
        "to_accept": sum(
            1
            for rows in (context["overdue"], context["soon"], context["later"])
            for assignment in rows
            if assignment.status == "assigned"
        ),
        "follow_ups": len(list(context["follow_ups"])),
    }


def _count_behind(client, figure):
    """What the page a figure links to counts, read from that page's own context."""
    response = client.get(figure.url)
    assert response.status_code == 200, figure.url
    context = response.context
    if figure.key == "stations":
        return sum(int(root.is_visible) + len(root.visible_children) for root in context["roots"])
    if figure.key == "below_minimums":
        return len(context["below"])
    if "overdue" in context and "later" in context:
        return _unit_work(context)[figure.key]
    if figure.key == "to_reply":
        now = timezone.now()
        return sum(
            1
            for invitation in context["invitations"]
            if invitation.reply == Invitation.Reply.WAITING
            and invitation.activity.status == Activity.Status.PUBLISHED
            and invitation.activity.starts_at > now
        )
    if figure.key == "to_evaluate":
        return sum(1 for case in context["waiting"] if case.status == Suggestion.Status.REPLIED)
    return context["page"].paginator.count


def test_every_figure_and_bar_equals_its_list(demo_street):
    # One demo street for every role: building it is the slow part.
    for username in ("officer", "officer2", "deputy", "unit"):
        _check_figures(username)
    _check_staff()


def _check_figures(username):
    client = _client(username)
    figures = client.get("/").context["figures"]
    assert figures
    for figure in figures:
        assert figure.count == _count_behind(client, figure), (username, figure.key, figure.url)
    # The demo street has work waiting for each of them: the page is not a page of zeros.
    assert sum(figure.count for figure in figures) > 0, username


def _check_staff():
    client = _client("staff")
    context = client.get("/").context
    counted = 0
    for figure in context["figures"]:
        assert figure.count == _count_behind(client, figure), figure.key
        counted += figure.count
    assert counted > 0
    for name in ("opinions", "funnel", "overdue", "stations"):
        chart = context["charts"][name]
        assert chart["rows"], f"the demo street leaves the {name} chart empty"
        for dataset in chart["config"]["datasets"]:
            for value, url in zip(dataset["data"], dataset["urls"], strict=True):
                if value:
                    assert value == _list_count(client, url), (name, dataset["label"], url)
    # The per-quarter rates: each cell's received and completed suggestions are the list's rows.
    units = client.get(reverse("home:staff_units")).context["rows"]
    cells = [cell for unit in units for cell in unit["quarters"] if cell["received"]]
    assert cells
    for cell in cells:
        assert cell["received"] == _list_count(client, cell["url"])
        assert cell["completed"] == _list_count(client, cell["url"] + "&stage=completed")
    # The units on the dashboard, and each unit's year in the full table, likewise.
    for unit in [*context["unit_rates"]["rows"], *({**row["year"], "url": row["url"]} for row in units)]:
        assert unit["received"] == _list_count(client, unit["url"])
        assert unit["completed"] == _list_count(client, unit["url"] + "&stage=completed")
