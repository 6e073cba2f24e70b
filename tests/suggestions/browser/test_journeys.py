import pytest

from suggestions.models import Suggestion
from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_out(page):
    page.click("nav form button.btn-light")


def test_assign_handle_and_evaluate_in_the_browser(guarded_page, live_server, loop, second_unit):
    suggestion = loop.to("registered")
    page = guarded_page

    log_in(page, live_server, "staff")
    page.goto(f"{live_server.url}{suggestion.get_absolute_url()}")
    page.click(f"a[href='/suggestions/{suggestion.pk}/assign/']")
    page.select_option("select[name=lead_unit]", str(loop.unit.pk))
    page.check(f"input[name=co_units][value='{second_unit.pk}']")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{suggestion.get_absolute_url()}")
    assert page.locator(".alert-success").is_visible()
    _log_out(page)

    log_in(page, live_server, "unit")
    page.goto(f"{live_server.url}/suggestions/work/")
    page.click(f"a[href='{suggestion.get_absolute_url()}']")
    lead = suggestion.assignments.get(role="lead")
    page.click(f"a[href='/suggestions/assignments/{lead.pk}/accept/']")
    page.click("input[type=submit]")
    page.click(f"a[href='/suggestions/{suggestion.pk}/contact/']")
    page.select_option("select[name=method]", "phone")
    page.fill("textarea[name=note]", "电话沟通办理方案")
    page.click("input[type=submit]")
    page.click(f"a[href='/suggestions/{suggestion.pk}/reply/']")
    page.check("input[name=result_class][value=A]")
    page.fill("textarea[name=text]", "已增设公交站点。")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{suggestion.get_absolute_url()}")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REPLIED
    _log_out(page)

    log_in(page, live_server, "deputy")
    page.goto(f"{live_server.url}/suggestions/mine/")
    page.click(f"a[href='{suggestion.get_absolute_url()}']")
    page.click(f"a[href='/suggestions/{suggestion.pk}/evaluate/']")
    page.check("input[name=rating][value=unsatisfied]")
    page.fill("textarea[name=comment]", "站点位置不合理")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}{suggestion.get_absolute_url()}")
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.round) == (Suggestion.Status.REGISTERED, 2)
    assert "站点位置不合理" in page.content()
