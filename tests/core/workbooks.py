"""Workbooks for the import tests: a header of the importer's columns and rows of values; a value that is
Formula(...) is written as a formula cell."""

import io
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


@dataclass(frozen=True)
class Formula:
    text: str


def workbook_bytes(columns, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(column.label) for column in columns])
    keys = [column.key for column in columns]
    for values in rows:
        line = []
        for key in keys:
            value = values.get(key, "")
            line.append(value.text if isinstance(value, Formula) else value)
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(columns, rows, name="2025.xlsx", data=None):
    """`data`, the bytes of a workbook made before, sends the very same file again (a new workbook of the
    same rows differs: it records when it was made)."""
    return SimpleUploadedFile(
        name,
        data or workbook_bytes(columns, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def problems_by_row(job):
    """{row number: [messages]} of a failed import job."""
    by_row = {}
    for number, message in job.problems:
        by_row.setdefault(number, []).append(message)
    return by_row
