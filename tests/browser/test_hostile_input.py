import pytest

from tests.browser.conftest import log_in
from tests.test_hostile_input import TEXT
from tests.voters.factories import OpinionFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_no_script_in_an_opinion_runs_in_the_officers_browser(guarded_page, live_server, officer_user, point):
    opinion = OpinionFactory(station=point, content=TEXT, location=TEXT)
    dialogs = []
    guarded_page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(guarded_page, live_server, "officer")
    for path in ("/opinions/", opinion.get_absolute_url()):
        guarded_page.goto(f"{live_server.url}{path}")
        guarded_page.wait_for_load_state("networkidle")
    assert dialogs == []
    assert "<script>alert(1)</script>" in guarded_page.locator("body").inner_text()
