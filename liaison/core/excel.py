"""Excel in and out, safely, for every app.

Out: openpyxl stores any string that starts with "=" as a formula, and Excel also runs text starting with
+ - @ tab or CR as one; such text is written as a string cell with Excel's quote prefix (ECOSYSTEM.md).
In: an upload is checked as a zip before openpyxl parses it (size, entry count, uncompressed size, macros,
old .xls); openpyxl parses XML through defusedxml, which refuses entity payloads."""

import io
import zipfile
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from liaison.core.uploads import XLSX, check_size, download

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_ZIP_ENTRIES = 200
MAX_UNCOMPRESSED_BYTES = 60 * 1024 * 1024
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _typed(value, number_format):
    """A date or a moment as a real date cell (Excel sorts and filters it). A moment is written in local
    time, to the second: openpyxl cannot store a time zone, and Excel keeps milliseconds at most."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.make_naive(value)
        return value.replace(microsecond=0), number_format or DATETIME_FORMAT
    if isinstance(value, date):
        return value, number_format or DATE_FORMAT
    return value, number_format


def cell(sheet, value, *, bold=False, number_format=None):
    """A write-only cell that never turns user text into a formula; dates and moments are date cells."""
    value, number_format = _typed(value, number_format)
    result = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        result.data_type = "s"
        result.quotePrefix = True
    if bold:
        result.font = Font(bold=True)
    if number_format:
        result.number_format = number_format
    return result


def value(sheet, value, *, number_format=None):
    """What to append for one value of a data row: the value itself when it needs neither a format nor the
    quote prefix (openpyxl then reuses one cell for the whole row, the fast path of write-only mode), else
    a cell as `cell()` makes it."""
    if (
        number_format
        or isinstance(value, date)
        or (isinstance(value, str) and value.startswith(FORMULA_TRIGGERS))
    ):
        return cell(sheet, value, number_format=number_format)
    return value


def refilled(target, value):
    """`target`, a cell made by `cell()` with its format, now holding `value` (or a new cell for text Excel
    would run): openpyxl's write-only mode writes a row as it is appended, so a sheet can write a formatted
    column through one cell instead of making and styling a cell for every date."""
    value, _format = _typed(value, None)
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return cell(target.parent, value, number_format=target.number_format)
    target.value = value
    return target


def new_workbook():
    return Workbook(write_only=True)


def add_table_sheet(workbook, title, headers, rows, *, widths=None):
    """A sheet with a bold, frozen header row and an auto-filter; rows are iterables of plain values."""
    sheet = workbook.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    for index, width in enumerate(widths or [], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([cell(sheet, header, bold=True) for header in headers])
    count = 0
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
        count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    return sheet


def workbook_response(workbook, filename):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return download(buffer.getvalue(), XLSX, filename)


def checked_workbook_bytes(upload, *, max_bytes, max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES):
    """The bytes of an uploaded .xlsx after checking the file whole (size, what it unpacks to, macros, old
    .xls); ValidationError with a message for people when the file is not one we should open."""
    check_size(upload, max_bytes=max_bytes)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(OLE_SIGNATURE):
        raise ValidationError(
            _("Old .xls files are not accepted: save the file as .xlsx in Excel and try again.")
        )
    if not head.startswith(b"PK\x03\x04"):
        raise ValidationError(_("This is not an Excel .xlsx file."))
    data = upload.read()
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile:
        raise ValidationError(_("This is not an Excel .xlsx file.")) from None
    names = {entry.filename for entry in entries}
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > max_uncompressed_bytes:
        raise ValidationError(_("The file unpacks to far more than a roster holds; it is refused."))
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise ValidationError(_("This is not an Excel .xlsx file."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise ValidationError(
            _("Files with macros are not accepted: save the file as a plain .xlsx workbook.")
        )
    return data
