"""The sheets both workbooks are made of (the quarterly report and the duty archive): a title row, a bold
frozen header, an auto-filter, column widths and formats, and a totals row."""

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from liaison.core import excel

DATE_FORMAT = excel.DATE_FORMAT
PERCENT_FORMAT = "0.0%"


class SheetWriter:
    """A write-only sheet with a title row, a bold frozen header, an auto-filter, widths and formats."""

    def __init__(self, workbook, title, caption, headers, *, widths=None, formats=None):
        self.sheet = workbook.create_sheet(title=title[:31])
        self.headers = headers
        self.formats = formats or {}
        self.sheet.freeze_panes = "A3"
        for index, width in enumerate(widths or [], start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.sheet.append([excel.cell(self.sheet, caption, bold=True)])
        self.sheet.append([excel.cell(self.sheet, str(header), bold=True) for header in headers])
        self.count = 0
        # One cell per formatted column, refilled row after row (liaison.core.excel.refilled).
        self.formatted = {
            index: excel.cell(self.sheet, None, number_format=number_format)
            for index, number_format in self.formats.items()
        }

    def row(self, values):
        formatted = self.formatted
        self.sheet.append(
            [
                excel.refilled(formatted[index], value)
                if index in formatted
                else excel.value(self.sheet, value)
                for index, value in enumerate(values)
            ]
        )
        self.count += 1

    def total(self, values):
        """The totals row, under the filtered range; only rates keep their format (no count shown as a date)."""
        self.sheet.auto_filter.ref = f"A2:{get_column_letter(len(self.headers))}{self.count + 2}"
        self.sheet.append(
            [
                excel.cell(
                    self.sheet,
                    _plain(value),
                    bold=True,
                    number_format=PERCENT_FORMAT if self.formats.get(index) == PERCENT_FORMAT else None,
                )
                for index, value in enumerate(values)
            ]
        )

    def close(self):
        if not self.sheet.auto_filter.ref:
            self.sheet.auto_filter.ref = f"A2:{get_column_letter(len(self.headers))}{self.count + 2}"


def labels(model, field_name):
    """{value: label} of a field's choices, translated once: the sheets read values, not instances."""
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


def joined(rows, pairs, key="pk"):
    """(row, [value, ...]) for each row: `pairs` are (row key, value) read by a second streamed query in the
    rows' own order, so a many-valued column (the deputies present) needs no prefetch of a chunk's rows."""
    pairs = iter(pairs)
    pending = next(pairs, None)
    for row in rows:
        found = []
        while pending is not None and pending[0] == row[key]:
            found.append(pending[1])
            pending = next(pairs, None)
        yield row, found


def total_label(count):
    return _("Total (%(count)s rows)") % {"count": count}


def _plain(value):
    return str(value) if isinstance(value, Promise) else value
