"""The suggestions journeys reuse the browser set-up of tests/browser (Debian's Chromium, no request
leaving 127.0.0.1, no console error)."""

import pytest

from tests.browser.conftest import CHROMIUM, browser_type_launch_args, guarded_page  # noqa: F401


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="browser journeys skipped: Chromium is not installed")
    for item in items:
        if "tests/suggestions/browser/" in str(item.fspath):
            item.add_marker(skip)
