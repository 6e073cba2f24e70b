"""PDF files made on the server from an HTML document, with WeasyPrint.

WeasyPrint draws text with Pango, a system library, and Chinese needs a CJK font (README, "The books on
paper"). Where either is missing the site runs all the same: `pdf_unavailable()` says in words what to
install, and the HTML document it would have drawn prints from the browser. So the engine is imported when
a PDF is first asked for, not when the site starts: `make run` and the tests never need Pango."""

import functools
import shutil
import subprocess

from django.contrib.staticfiles import finders
from django.utils.translation import gettext_lazy as _

INSTALL_PANGO = _(
    "The server cannot make PDF files: the Pango library is missing. Install it "
    "(on Debian or Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk) and restart "
    "the site. Meanwhile, print this page from the browser."
)
INSTALL_CJK_FONT = _(
    "The server has no Chinese font, so a PDF would show boxes instead of characters. Install one "
    "(on Debian or Ubuntu: apt-get install fonts-noto-cjk) and restart the site. Meanwhile, print this "
    "page from the browser."
)


@functools.cache
def _weasyprint():
    try:
        import weasyprint  # loads Pango: only once a PDF is asked for (see above)
    except (ImportError, OSError):  # OSError: the package is there but Pango is not
        return None
    return weasyprint


@functools.cache
def _has_cjk_font():
    """Whether fontconfig knows a font for Chinese; True when it cannot be asked (no fc-list)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return True
    try:
        found = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return True
    return bool(found.stdout.strip())


def pdf_unavailable():
    """What stops this server from making a readable PDF, in words for the user; None when nothing does."""
    if _weasyprint() is None:
        return INSTALL_PANGO
    if not _has_cjk_font():
        return INSTALL_CJK_FONT
    return None


def html_to_pdf(html, *, stylesheets):
    """The PDF of an HTML document, styled by the named static files only. The document may hold text users
    typed: nothing is fetched, neither from the network nor from the disk."""
    weasyprint = _weasyprint()
    refuse_all = weasyprint.URLFetcher(allowed_protocols=())
    styles = [weasyprint.CSS(filename=finders.find(name), url_fetcher=refuse_all) for name in stylesheets]
    document = weasyprint.HTML(string=html, url_fetcher=refuse_all)
    # Presentational hints: the width attributes of a table's columns count, as they do in browsers.
    return document.write_pdf(stylesheets=styles, presentational_hints=True)
