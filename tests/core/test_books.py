"""The books' plumbing (liaison/core/books.py): a long book is cut on paper and says so; where the server
cannot make a PDF, the print view says in Chinese what to install."""

from datetime import date

from django.test import RequestFactory
from django.utils.translation import override

from liaison.core import books, pdf
from liaison.core.books import Book, Column
from tests.books import printed_rows


def _book(count):
    return Book(
        title="测试簿",
        subtitle="东湖 · 2026-03-01 — 2026-03-31",
        columns=[Column("日期", 12), Column("内容", 40)],
        items=list(range(count)),
        row=lambda number: [date(2026, 3, 1), f"第{number}条"],
        filename="test-book",
        urls=books.book_urls("voters:register", "register"),
    )


def test_a_long_book_is_cut_on_paper_and_says_so(db):
    request = RequestFactory().get("/", {"start": "2026-03-01"})
    with override("zh-hans"):
        response = books.book_print(request, _book(books.PAPER_ROWS + 1))
    rows = printed_rows(response)
    assert len(rows) == books.PAPER_ROWS and rows[0] == ["1", "2026-03-01", "第0条"]
    page = response.content.decode()
    assert f"只打印前 {books.PAPER_ROWS} 行" in page
    assert "/opinions/register/export/?start=2026-03-01" in page


def test_without_the_engine_the_print_view_says_what_to_install(db):
    with override("zh-hans"):
        response = books.book_print(RequestFactory().get("/"), _book(2), problem=pdf.INSTALL_PANGO)
    page = response.content.decode()
    assert "apt-get install libpango-1.0-0" in page and "缺少 Pango 库" in page
    assert 'id="pdf-link"' not in page
    assert len(printed_rows(response)) == 2
