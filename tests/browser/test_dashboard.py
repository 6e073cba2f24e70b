"""The staff's home in a real browser: every chart is drawn (under the strict CSP, with no console error),
a bar opens its list, printing opens the tables, and a phone's width does not scroll sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from liaison.activities.models import Activity
from suggestions.models import Assignment, Suggestion
from tests.activities.factories import ActivityFactory
from tests.assessments.factories import suggestion
from tests.browser.conftest import log_in
from tests.voters.factories import OpinionFactory
from voters.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = """canvas => {
  const chart = window.Chart && window.Chart.getChart(canvas);
  const context = canvas.getContext("2d");
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] > 0) { painted += 1; } }
  return {
    id: canvas.dataset.chart,
    datasets: chart ? chart.data.datasets.length : 0,
    values: chart ? chart.data.datasets.flatMap(d => d.data).filter(v => v).length : 0,
    painted: painted,
  };
}"""

BAR = """canvas => {
  const bar = window.Chart.getChart(canvas).getDatasetMeta(0).data[0];
  return {x: bar.x, y: bar.y};
}"""


@pytest.fixture
def jurisdiction(station, point, deputy_record, staff_user, handling_unit):
    now = timezone.now()
    today = timezone.localdate()
    categories = list(Category.objects.order_by("position")[:3])
    for index in range(9):
        OpinionFactory(
            station=point,
            category=categories[index % len(categories)],
            received_at=now - timedelta(days=index),
        )
    for days in (10, 40):
        ActivityFactory(
            station=point,
            kind=Activity.Kind.RECEPTION,
            starts_at=now - timedelta(days=days),
            ends_at=now - timedelta(days=days) + timedelta(hours=2),
            status=Activity.Status.DONE,
        )
    for index in range(3):
        item = suggestion(
            deputy_record,
            staff_user,
            now - timedelta(days=100 + index),
            status=Suggestion.Status.ASSIGNED,
            lead_unit=handling_unit,
            due_on=today - timedelta(days=2),
            registered_at=now - timedelta(days=99),
            assigned_at=now - timedelta(days=98),
        )
        Assignment.objects.create(
            suggestion=item,
            unit=handling_unit,
            role=Assignment.Role.LEAD,
            assigned_on=today - timedelta(days=98),
            deadline=today - timedelta(days=2),
            basis=Assignment.Basis.REPLY,
            return_by=today - timedelta(days=88),
        )
    suggestion(
        deputy_record,
        staff_user,
        now,
        status=Suggestion.Status.CLOSED,
        lead_unit=handling_unit,
        registered_at=now,
        assigned_at=now,
        replied_at=now,
        rating=Suggestion.Rating.SATISFIED,
        evaluated_at=now,
    )


def test_staff_home_draws_every_chart(guarded_page, live_server, jurisdiction, tmp_path):
    page = guarded_page
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "staff")
    # Deferred scripts have run once the page has loaded, and the charts draw without animation.
    # (No wait_for_function: its polling evaluates strings, which the CSP rightly refuses.)
    page.wait_for_load_state("load")
    canvases = page.locator("canvas[data-chart]")
    assert canvases.count() == 4  # the units' rates are a table: 300 units make no chart
    page.screenshot(path=str(tmp_path / "staff-home.png"), full_page=True)
    for index in range(canvases.count()):
        drawn = canvases.nth(index).evaluate(DRAWN)
        assert drawn["datasets"] >= 1, drawn
        assert drawn["painted"] > 500, f"{drawn['id']} is blank"
        if drawn["id"] in {"chart-opinions", "chart-funnel", "chart-overdue", "chart-stations"}:
            assert drawn["values"] > 0, drawn

    # A click on a bar opens the list behind it.
    overdue = page.locator("canvas[data-chart='chart-overdue']")
    bar = overdue.evaluate(BAR)
    overdue.click(position={"x": bar["x"] - 5, "y": bar["y"]})
    page.wait_for_url("**/suggestions/?*due=overdue*")
    assert page.locator("table tbody tr").count() == 3

    # Printing: the tables under the charts open, the charts are drawn again at the paper's size.
    page.go_back()
    page.wait_for_load_state("load")
    assert page.evaluate("() => Boolean(window.Chart)")
    page.emulate_media(media="print")
    page.locator("details.dashboard-table[open]").first.wait_for()
    assert page.locator("details.dashboard-table[open]").count() >= 4
    page.screenshot(path=str(tmp_path / "staff-home-print.png"), full_page=True)
    page.emulate_media(media="screen")

    # On a phone the page does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload(wait_until="load")
    page.screenshot(path=str(tmp_path / "staff-home-phone.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
