"""Browser journeys: Playwright driving Debian's Chromium against a live server (ECOSYSTEM.md).

Every page of a journey may load only from 127.0.0.1 (no CDN on a government intranet) and must log no
console error (a CSP violation is one). Without Chromium the journeys are skipped, and say so."""

import os
import shutil
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _find_chromium():
    """The browser to drive, and why there is none: $CHROMIUM_PATH, else chromium on the PATH."""
    wanted = os.environ.get("CHROMIUM_PATH")
    if wanted:
        if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
            return wanted, ""
        return None, f"CHROMIUM_PATH={wanted} is not an executable file"
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found, ""
    return None, "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH)"


CHROMIUM, NO_CHROMIUM = _find_chromium()
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=f"browser journeys skipped: {NO_CHROMIUM}")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


class PageGuard:
    """Blocks every request that leaves this machine and keeps every console error, for the test to check."""

    def __init__(self, page):
        self.blocked, self.errors = [], []
        page.route("**/*", self._route)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _route(self, route):
        url = route.request.url
        if urlparse(url).hostname in LOCAL_HOSTS or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def check(self):
        assert not self.blocked, f"requests left 127.0.0.1: {self.blocked}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def guarded_page(page, live_server):
    guard = PageGuard(page)
    page.set_default_timeout(10_000)
    yield page
    guard.check()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    guard = PageGuard(page)
    yield page
    guard.check()
    context.close()


def log_in(page, live_server, username, password="test-password-123"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit], form button.btn-danger")
    page.wait_for_url(f"{live_server.url}/")


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/accounts/**")


def scrolls_sideways(page):
    """Whether the page is wider than its viewport (a phone would scroll it sideways)."""
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


@pytest.fixture(autouse=True, scope="session")
def _chinese_catalogues_compiled():
    """The journeys read the pages in Chinese: without compiled catalogues they would only time out."""
    from django.conf import settings

    catalogues = [settings.BASE_DIR / "locale", *(settings.BASE_DIR.glob("*/locale"))]
    missing = [
        str(path.relative_to(settings.BASE_DIR))
        for path in catalogues
        if (path / "zh_Hans/LC_MESSAGES/django.po").exists()
        and not (path / "zh_Hans/LC_MESSAGES/django.mo").exists()
    ]
    if missing:
        pytest.fail(
            f"the zh_Hans catalogues of {', '.join(missing)} are not compiled: "
            "for d in locale */locale; do .venv/bin/pybabel -q compile -D django -d $d; done"
        )
