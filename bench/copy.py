"""Bulk loading with PostgreSQL COPY (psycopg 3), filling the fields a row does not give from the model.

Django's Python-side defaults (auto_now, default=..., blank strings) are not in the database, so every
column is written: the given value, else the field's default, else None or "" as the field allows."""

from django.db import connection
from django.db.models import JSONField
from psycopg.types.json import Jsonb


class Loader:
    """Rows for one model, written by COPY; primary keys are given by the caller (ids are planned ahead)."""

    def __init__(self, model, now):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.now = now
        self.fillers = [self._filler(field) for field in self.fields]

    def _filler(self, field):
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return lambda: self.now
        if field.has_default():
            default = field.default
            return default if callable(default) else (lambda: default)
        if field.null:
            return lambda: None
        return lambda: ""

    def write(self, rows):
        """rows: an iterable of dicts keyed by attname (e.g. station_id). Returns how many were written."""
        names = [field.attname for field in self.fields]
        jsons = {index for index, field in enumerate(self.fields) if isinstance(field, JSONField)}
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        count = 0
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = []
                for index, name in enumerate(names):
                    value = row[name] if name in row else self.fillers[index]()
                    if index in jsons and value is not None:
                        value = Jsonb(value)
                    values.append(value)
                copy.write_row(values)
                count += 1
        return count


def reset_sequences(models):
    """After COPY with explicit ids, move each table's id sequence past the largest id."""
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            pk = model._meta.pk.column
            if not model._meta.pk.get_internal_type().endswith("AutoField"):
                continue
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({pk}) FROM {table}), 0) + 1, false)",
                [table, pk],
            )
