"""What the tests of every book read (liaison/core/books.py): the rows of a print view, the text of a PDF."""

import io

import pytest
from lxml import html
from pypdf import PdfReader

from liaison.core import pdf

# Where this machine cannot make a readable PDF (no Pango, or no Chinese font) the PDF tests skip, saying what
# to install; the page that tells the user so is tested in tests/core/test_books.py. CI installs both.
needs_pdf_engine = pytest.mark.skipif(
    pdf.pdf_unavailable() is not None,
    reason="WeasyPrint cannot make a readable PDF here: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk",
)


def printed_rows(response):
    """The body rows of a book's print view, each a list of its cells' text."""
    assert response.status_code == 200
    page = html.fromstring(response.content)
    return [[cell.text_content() for cell in row.xpath("td")] for row in page.xpath("//table/tbody/tr")]


def pdf_text(response):
    """The text of a PDF without its spaces and line ends (a cell's text may wrap anywhere)."""
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return "".join(text.split())
