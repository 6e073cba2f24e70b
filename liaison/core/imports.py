"""Bringing in the records a station already keeps in Excel: the shared half of every room's import.

Each room's importer (voters/imports.py, suggestions/imports.py) names its columns and checks and writes its
rows through its own services; this module gives them the template workbook, the reading of a file, the
cells as text, the header, every row's problems collected before anything is written, and the file's
content hash that recognises a re-upload. The roster import (deputies/services.py `roster_check`) reads its
file here too, in the request rather than as a job.

Formula cells are refused, never evaluated: openpyxl's cached value is whatever the sender's Excel last
computed, and a formula is not a record. Text that only looks like a formula (=, +, -, @ first) is kept as
typed: it is stored as text and every export writes it back quoted (liaison/core/excel.py); control
characters other than line breaks are dropped."""

import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from liaison.core import excel

MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
DATE_TEXT = re.compile(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?")


@dataclass(frozen=True)
class Column:
    key: str
    label: object  # a lazy translation: the header in the user's language
    required: bool = False
    example: object = ""


@dataclass
class Row:
    number: int  # as Excel shows it
    values: dict
    errors: list = field(default_factory=list)


class ImportProblems(Exception):
    """The file has problems: nothing was written. `problems` is a list of (row number, message)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def content_hash(data):
    return hashlib.sha256(data).hexdigest()


def template_workbook(title, columns):
    """The workbook people fill in: the columns' headers in their language and one example row."""
    workbook = excel.new_workbook()
    headers = [str(column.label) for column in columns]
    excel.add_table_sheet(workbook, title, headers, [[column.example for column in columns]])
    return workbook


def read_cells(data, *, max_bytes=None, max_uncompressed_bytes=MAX_UNCOMPRESSED_BYTES):
    """The first sheet's rows of an uploaded workbook, each cell as (value, is_formula), after the checks
    every Excel upload passes (liaison/core/excel.py)."""
    upload = io.BytesIO(data)
    upload.size = len(data)
    upload.name = ""
    # 50,000 rows of opinions unpack to some 60 MB of XML (issue 15); a zip bomb to far more.
    excel.checked_workbook_bytes(
        upload,
        max_bytes=max_bytes or settings.RECORDS_IMPORT_MAX_BYTES,
        max_uncompressed_bytes=max_uncompressed_bytes,
    )
    try:
        workbook = load_workbook(upload, read_only=True, data_only=False)
        try:
            return [
                [(cell.value, getattr(cell, "data_type", None) == "f") for cell in row]
                for row in workbook.worksheets[0].iter_rows()
            ]
        finally:
            workbook.close()
    except Exception:  # openpyxl and defusedxml raise many kinds; all mean the same to the user.
        raise ValidationError(
            _("The workbook could not be read; check that it is a plain .xlsx file.")
        ) from None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return CONTROL_CHARACTERS.sub("", str(value)).strip()


def labels_to_keys(columns):
    """Each column's header, in every language offered, to its key: a file made in either language reads."""
    mapping = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            mapping.update({str(column.label).strip().lower(): column.key for column in columns})
    return mapping


def rows_of(cells, columns):
    """The file's rows under its header as Row objects, blank rows skipped; a formula cell is a problem of
    its row. Raises ImportProblems when the header lacks a required column or nothing is under it."""
    if not cells:
        raise ImportProblems([(1, _("The file is empty."))])
    labels = labels_to_keys(columns)
    header = [labels.get(cell_text(value).lower()) for value, _formula in cells[0]]
    missing = [str(column.label) for column in columns if column.required and column.key not in header]
    if missing:
        raise ImportProblems([(1, _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})])
    names = {column.key: str(column.label) for column in columns}
    rows = []
    for number, raw in enumerate(cells[1:], start=2):
        row = Row(number=number, values={})
        for key, (value, formula) in zip(header, raw, strict=False):
            if not key:
                continue
            if formula:
                row.errors.append(
                    _("the “%(column)s” cell holds a formula; type the value itself") % {"column": names[key]}
                )
                value = None
            row.values[key] = value if isinstance(value, date) else cell_text(value)
        if any(row.values.values()) or row.errors:
            rows.append(row)
    if not rows:
        raise ImportProblems([(2, _("The file has no records under its header row."))])
    return rows


def problems_of(rows):
    """Every row's problems, in row order; raises ImportProblems when there is any."""
    problems = [(row.number, message) for row in rows for message in row.errors]
    if problems:
        raise ImportProblems(problems)
    return rows


def parse_date(value, row, label, *, start=None, end=None):
    """A date cell or a typed date (2025-03-08, 2025/3/8, 2025年3月8日) within [start, end]; a problem of
    the row otherwise. Empty gives None."""
    if value in ("", None):
        return None
    if isinstance(value, datetime):
        value = value.date()
    if not isinstance(value, date):
        text = str(value).strip()
        match = DATE_TEXT.fullmatch(text)
        try:
            value = date(*(int(part) for part in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:
            row.errors.append(
                _("“%(value)s” in “%(column)s” is not a date") % {"value": text, "column": label}
            )
            return None
    if (start and value < start) or (end and value > end):
        row.errors.append(
            _("the %(column)s %(date)s is outside the period %(start)s to %(end)s")
            % {"column": label, "date": value.isoformat(), "start": start, "end": end}
        )
        return None
    return value


def choice(text, choices, row, label, aliases=None):
    """The value of `choices` whose label (in either language), alias or value is `text`; "" when empty."""
    if not text:
        return ""
    mapping = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            mapping.update({str(name).strip().lower(): value for value, name in choices})
    mapping.update({key.lower(): value for key, value in (aliases or {}).items()})
    found = mapping.get(str(text).strip().lower()) or (
        text if text in {value for value, _n in choices} else None
    )
    if found is None:
        row.errors.append(_("unknown %(column)s “%(value)s”") % {"column": label, "value": text})
        return ""
    return found


AMBIGUOUS = object()


def by_name(objects, name=str):
    """Objects by their name (`name(obj)`); a name that two of them share maps to AMBIGUOUS."""
    found = {}
    for obj in objects:
        key = name(obj).strip()
        found[key] = AMBIGUOUS if key in found else obj
    return found


def known(mapping, text, row, label):
    """The object named `text` among those the importing staff member may use, or a problem of the row:
    one not known at their level is the same as one that does not exist (nothing leaks)."""
    if not text:
        return None
    found = mapping.get(text)
    if found is AMBIGUOUS:
        row.errors.append(
            _("more than one %(column)s is named “%(value)s”") % {"column": label, "value": text}
        )
        return None
    if found is None:
        row.errors.append(
            _("unknown %(column)s “%(value)s”, or not one of yours") % {"column": label, "value": text}
        )
    return found
