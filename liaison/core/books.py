"""The station's books (一册四簿, seed 000) in Excel and on paper: the roster of deputies, the activities
book, the receptions book, the opinions register and the feedback register.

Each app says what its book holds, a `Book`: its columns and a row of values per item, read through the
app's selectors (the scope is theirs). This module lays every book out alike: a workbook with typed cells
(liaison/core/excel.py), a print view (an A4 document for the browser, without the site's navigation,
core/book.html with core/book.css) and a PDF made on the server from that same document
(liaison/core/pdf.py)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from liaison.core import excel
from liaison.core.pdf import html_to_pdf, pdf_unavailable
from liaison.core.periods import period_from
from liaison.core.uploads import PDF, download

# A book on paper stops at this many rows (Excel holds every row). Measured on the demo (2 cores shared by
# other work, load 10): the opinions register of a year, 296 rows, made a PDF in 57-60 s, of which 12 s
# embedding the CJK font; the activities book (72 rows) in 12 s. A street's year of opinions fits.
PAPER_ROWS = 500
STYLESHEET = "core/book.css"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 12  # in Excel's characters; on paper the columns share the page in these proportions
    paper: bool = True  # printed too; the workbook holds every column


@dataclass
class Book:
    title: str
    subtitle: str
    columns: list[Column]
    items: object  # a queryset (read in chunks for Excel, cut at PAPER_ROWS on paper) or a list
    row: Callable  # one item -> its values, one per column
    filename: str  # without the extension
    # The URL names of the book's list, workbook, print view and PDF; the query string (its filters) is
    # carried from one to the other.
    urls: dict[str, str]
    numbered: bool = True  # a first column "No." counting the rows
    written: int = field(default=0, init=False)  # rows laid out by the last workbook or document

    def all_columns(self):
        return [Column(_("No."), 6), *self.columns] if self.numbered else list(self.columns)

    def rows(self, items):
        self.written = 0
        for number, item in enumerate(items, 1):
            self.written = number
            values = list(self.row(item))
            yield [number, *values] if self.numbered else values


def filters_label(form, *, default):
    """How a book names the filters it was read with (a list's filter form): their chosen values as shown
    in the form, or `default` when none is chosen."""
    shown = []
    for name, value in (form.cleaned_data if form.is_valid() else {}).items():
        if value in (None, ""):
            continue
        field = form.fields[name]
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            value = dict(field.choices).get(value, value)
        shown.append(str(value))
    return "、".join(shown) or str(default)


def book_response(request, book, output):
    """The book as `output` asks: "xlsx" (the workbook), "pdf", or "print" (the print view). A book's
    three URLs share one view, each naming its output in the URL pattern's kwargs."""
    if output == "xlsx":
        return book_workbook(book)
    if output == "pdf":
        return book_pdf(request, book)
    return book_print(request, book)


def book_urls(list_name, prefix, *, export=None):
    """The URL names of a book: its list and `prefix`_export (or `export`), _print and _pdf, in the list's
    namespace."""
    namespace = list_name.split(":")[0]
    return {
        "list": list_name,
        "export": export or f"{namespace}:{prefix}_export",
        "print": f"{namespace}:{prefix}_print",
        "pdf": f"{namespace}:{prefix}_pdf",
    }


def period_book_response(request, output, build, *, stations, downloaded=None):
    """A book over a period and a station (liaison/core/periods.py) in `output`: `build(user, start, end,
    station)` makes it; a wrong period goes back to the book's list, whose form shows why;
    `downloaded(book, start, end, station)` runs once a file (workbook, PDF) was made."""
    form, start, end, station = period_from(request, stations)
    book = build(request.user, start, end, station)
    if form.errors:
        return redirect(with_query(reverse(book.urls["list"]), request.GET.urlencode()))
    response = book_response(request, book, output)
    if downloaded and response.has_header("Content-Disposition"):
        downloaded(book, start, end, station)
    return response


def book_workbook(book):
    columns = book.all_columns()
    items = book.items.iterator(chunk_size=500) if hasattr(book.items, "iterator") else book.items
    workbook = excel.new_workbook()
    excel.add_table_sheet(
        workbook,
        str(book.title)[:31],  # Excel's limit for a sheet's name
        [str(column.header) for column in columns],
        book.rows(items),
        widths=[column.width for column in columns],
    )
    return excel.workbook_response(workbook, f"{book.filename}.xlsx")


def book_print(request, book, *, problem=None):
    """The book as an A4 document; `problem` says why the PDF could not be made instead."""
    return HttpResponse(_document(request, book, for_pdf=False, problem=problem))


def book_pdf(request, book):
    """The book as a PDF made here; where this server cannot make one, the print view saying what to
    install (with 200, so that a link followed on such a server still shows the book)."""
    problem = pdf_unavailable()
    if problem:
        return book_print(request, book, problem=problem)
    pdf = html_to_pdf(_document(request, book, for_pdf=True), stylesheets=[STYLESHEET])
    return download(pdf, PDF, f"{book.filename}.pdf")


def _document(request, book, *, for_pdf, problem=None):
    items = list(book.items[: PAPER_ROWS + 1])  # one query with a LIMIT
    columns = book.all_columns()
    shown = [index for index, column in enumerate(columns) if column.paper]
    query = request.GET.urlencode()
    context = {
        "book": book,
        "for_pdf": for_pdf,
        "headers": [columns[index].header for index in shown],
        "widths": _widths([columns[index] for index in shown]),
        "rows": [[_paper_cell(values[index]) for index in shown] for values in book.rows(items[:PAPER_ROWS])],
        "cut": len(items) > PAPER_ROWS,
        "limit": PAPER_ROWS,
        "printed_on": timezone.localdate(),
        "links": {name: with_query(reverse(url_name), query) for name, url_name in book.urls.items()},
        "pdf_problem": problem or (None if for_pdf else pdf_unavailable()),
    }
    return render_to_string("core/book.html", context, request=request)


def with_query(url, query):
    return f"{url}?{query}" if query else url


def _widths(columns):
    """Each column's share of the page in per cent, as its width in Excel is of them all."""
    total = sum(column.width for column in columns)
    return [f"{100 * column.width / total:.1f}" for column in columns]


def _paper_cell(value):
    """(text, class) of a value on paper: dates as 2026-03-15, moments in China's time to the minute."""
    if value is None:
        return "", ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M"), "book-narrow"
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d"), "book-narrow"
    if isinstance(value, int | float):
        return str(value), "book-narrow"
    return str(value), ""
