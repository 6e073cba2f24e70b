"""Last years' duty records (履职登记) from a station's Excel book (issue 15): the duties entered with
evidence, written through `duty_record_enter` as staff's own entries (approved at once, so they count in
the year's scores) and marked "imported". Duties derived from the records (attendance, visits, opinions,
suggestions) come in with those records, never as rows of their own."""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from assessments.models import MANUAL_KINDS, DutyKind, DutyRecord, DutyRecordEvent, RuleSet
from assessments.services import duty_record_enter
from deputies.selectors import deputies_visible_to
from liaison.core.imports import Column, by_name, choice, known, parse_date

COUNTED = (DutyRecord.Status.PENDING, DutyRecord.Status.APPROVED)


class DutyRecordImporter:
    kind = "duty_records"
    title = _("duty records")
    task = "assessments.import_duty_records"
    columns = [
        Column("deputy", _("Deputy"), required=True, example="张三"),
        Column("date", _("Date"), required=True, example="2025-06-18"),
        Column("kind", _("Kind"), required=True, example="执法检查"),
        Column("title", _("What"), required=True, example="参加区人大常委会食品安全执法检查"),
        Column("quantity", _("Times"), example=1),
        Column("points", _("Points"), example=""),
        Column("note", _("Note"), example=""),
    ]

    def check(self, rows, *, actor, params):
        start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
        deputies = by_name(deputies_visible_to(actor), lambda deputy: deputy.name)
        frozen = set(
            RuleSet.objects.filter(jurisdiction__isnull=True, frozen_at__isnull=False).values_list(
                "year", flat=True
            )
        )
        labels = {column.key: str(column.label) for column in self.columns}
        manual = [(value, label) for value, label in DutyKind.choices if value in MANUAL_KINDS]
        seen = {}
        for row in rows:
            values, errors = row.values, row.errors
            for key in ("deputy", "date", "kind", "title"):
                if not values.get(key):
                    errors.append(_("the %(column)s is missing") % {"column": labels[key]})
            values["deputy"] = known(deputies, values.get("deputy"), row, labels["deputy"])
            values["date"] = parse_date(values.get("date"), row, labels["date"], start=start, end=end)
            if values["date"] and values["date"].year in frozen:
                errors.append(_("the results of %(year)s are frozen") % {"year": values["date"].year})
            values["kind"] = choice(values.get("kind"), manual, row, labels["kind"])
            values["quantity"] = _number(values.get("quantity") or "1", int, row, labels["quantity"])
            values["points"] = _number(values.get("points"), Decimal, row, labels["points"])
            key = (values["deputy"], values["date"], values["kind"], values.get("title"))
            if all(key):
                if key in seen:
                    row.errors.append(_("the same duty as row %(row)s") % {"row": seen[key]})
                seen.setdefault(key, row.number)
        self._check_recorded(seen, rows)

    def _check_recorded(self, seen, rows):
        deputies = {deputy.pk for deputy, *_rest in seen}
        recorded = set(
            DutyRecord.objects.filter(deputy__in=deputies, status__in=COUNTED).values_list(
                "deputy_id", "date", "kind", "title"
            )
        )
        for row in rows:
            values = row.values
            if (
                values["deputy"]
                and (values["deputy"].pk, values["date"], values["kind"], values.get("title")) in recorded
            ):
                row.errors.append(_("this duty is already recorded for the deputy on that day"))

    def write(self, row, *, actor, job):
        values = row.values
        record = duty_record_enter(
            deputy=values["deputy"],
            kind=values["kind"],
            date=values["date"],
            title=values["title"],
            actor=actor,
            note=values.get("note") or "",
            quantity=values["quantity"],
            points=values["points"],
        )
        note = str(_("Imported from “%(file)s”") % {"file": job.filename})
        record.events.create(kind=DutyRecordEvent.Kind.IMPORTED, actor=actor, note=note[:300])
        return record


def _number(text, kind, row, label):
    if text in ("", None):
        return None
    try:
        value = kind(str(text))
    except (ValueError, InvalidOperation):
        value = None
    if value is None or value < 0:
        row.errors.append(_("“%(value)s” in “%(column)s” is not a number") % {"value": text, "column": label})
        return None
    return value


DUTY_RECORDS = DutyRecordImporter()
