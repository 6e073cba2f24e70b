"""Last years' suggestions from the committee's Excel book (issue 15): the template's columns, each row's
checks (the loop's order among them: no evaluation before the reply), and its writing through
suggestions/services/imported.py. The plumbing is liaison/core/imports.py and liaison/imports."""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from deputies.selectors import deputies_visible_to
from liaison.core.imports import Column, by_name, choice, known, parse_date
from liaison.selectors import units_visible_to
from suggestions.models import Category, Reply, Suggestion
from suggestions.services.imported import suggestion_import

NUMBER = re.compile(r"(\d{4})\s*[-—－]\s*(\d{1,6})")
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")
RATING_ALIASES = {"满意": "satisfied", "基本满意": "basically", "不满意": "unsatisfied"}


class SuggestionImporter:
    kind = "suggestions"
    title = _("suggestions")
    task = "suggestions.import_suggestions"
    columns = [
        Column("number", _("Number"), required=True, example="2025-017"),
        Column("title", _("Title"), required=True, example="关于增设幸福路公交站的建议"),
        Column("content", _("Content"), required=True, example="幸福路沿线居民出行不便……"),
        Column("category", _("Category"), example="交通出行"),
        Column("kind", _("Kind"), example="建议"),
        Column("lead_deputy", _("Lead deputy"), required=True, example="张三"),
        Column("submitted_on", _("Submitted on"), required=True, example="2025-01-10"),
        Column("lead_unit", _("Lead unit"), example="区交通运输局"),
        Column("co_units", _("Co-units"), example=""),
        Column("assigned_on", _("Assigned on"), example="2025-01-20"),
        Column("replied_on", _("Replied on"), example="2025-04-15"),
        Column("result_class", _("Result class"), example="A"),
        Column("reply", _("Reply"), example="已增设公交站"),
        Column("evaluated_on", _("Evaluated on"), example="2025-04-30"),
        Column("rating", _("Evaluation"), example="满意"),
    ]

    def check(self, rows, *, actor, params):
        period = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
        deputies = by_name(deputies_visible_to(actor), lambda deputy: deputy.name)
        units = by_name(units_visible_to(actor), lambda unit: unit.name)
        labels = {column.key: str(column.label) for column in self.columns}
        for row in rows:
            self._check_row(row, labels, period, deputies, units)
        self._check_numbers(rows)

    def _check_row(self, row, labels, period, deputies, units):
        values, errors = row.values, row.errors
        start, end = period
        for key in ("title", "content", "lead_deputy"):
            if not values.get(key):
                errors.append(_("the %(column)s is missing") % {"column": labels[key]})
        match = NUMBER.fullmatch(values.get("number") or "")
        if match:
            values["year"], values["sequence"] = int(match.group(1)), int(match.group(2))
        elif values.get("number"):
            errors.append(_("“%(value)s” is not a number like 2025-017") % {"value": values["number"]})
        else:
            errors.append(_("the %(column)s is missing") % {"column": labels["number"]})
        values["lead_deputy"] = known(deputies, values.get("lead_deputy"), row, labels["lead_deputy"])
        values["lead_unit"] = known(units, values.get("lead_unit"), row, labels["lead_unit"])
        names = [name for name in LIST_SEPARATORS.split(values.get("co_units") or "") if name]
        values["co_units"] = [known(units, name, row, labels["co_units"]) for name in names]
        values["category"] = choice(values.get("category"), Category.choices, row, labels["category"])
        values["kind"] = choice(values.get("kind"), Suggestion.Kind.choices, row, labels["kind"])
        values["result_class"] = choice(
            (values.get("result_class") or "").upper(), Reply.ResultClass.choices, row, labels["result_class"]
        )
        values["rating"] = choice(
            values.get("rating"), Suggestion.Rating.choices, row, labels["rating"], RATING_ALIASES
        )
        dates = {
            key: parse_date(values.get(key), row, labels[key], start=start, end=end)
            for key in ("submitted_on", "assigned_on", "replied_on", "evaluated_on")
        }
        values.update(dates)
        if not values.get("submitted_on") and not errors:
            errors.append(_("the %(column)s is missing") % {"column": labels["submitted_on"]})
        self._check_loop(row, labels, dates)

    def _check_loop(self, row, labels, dates):
        """The loop's order (提、交、办、评): each step needs the one before it, on or after its day."""
        values, errors = row.values, row.errors
        if values.get("rating") and not dates["evaluated_on"]:
            errors.append(_("the %(column)s is missing") % {"column": labels["evaluated_on"]})
        if dates["evaluated_on"] and not values.get("rating"):
            errors.append(_("the %(column)s is missing") % {"column": labels["rating"]})
        if (dates["evaluated_on"] or values.get("rating")) and (
            not dates["replied_on"] or (dates["evaluated_on"] and dates["evaluated_on"] < dates["replied_on"])
        ):
            errors.append(_("it was evaluated before it was replied"))
        if dates["replied_on"]:
            if not dates["assigned_on"] or dates["replied_on"] < dates["assigned_on"]:
                errors.append(_("it was replied before it was assigned"))
            if not values.get("result_class") or not values.get("reply"):
                errors.append(_("a reply needs its result class and its text"))
        if dates["assigned_on"]:
            if not values.get("lead_unit"):
                errors.append(_("the %(column)s is missing") % {"column": labels["lead_unit"]})
            if dates["submitted_on"] and dates["assigned_on"] < dates["submitted_on"]:
                errors.append(_("it was assigned before it was submitted"))

    def _check_numbers(self, rows):
        seen = {}
        for row in rows:
            key = (row.values.get("year"), row.values.get("sequence"))
            if None in key:
                continue
            if key in seen:
                row.errors.append(_("the same number as row %(row)s") % {"row": seen[key]})
            seen.setdefault(key, row.number)
        years = {year for year, _sequence in seen}
        taken = set(Suggestion.objects.filter(year__in=years).values_list("year", "sequence"))
        for row in rows:
            if (row.values.get("year"), row.values.get("sequence")) in taken:
                row.errors.append(
                    _("suggestion %(number)s is already recorded") % {"number": row.values["number"]}
                )

    def write(self, row, *, actor, job):
        values = row.values
        return suggestion_import(
            actor=actor,
            filename=job.filename,
            year=values["year"],
            sequence=values["sequence"],
            title=values["title"],
            content=values["content"],
            lead_deputy=values["lead_deputy"],
            submitted_on=values["submitted_on"],
            category=values["category"] or Category.OTHER,
            kind=values["kind"] or Suggestion.Kind.SUGGESTION,
            lead_unit=values["lead_unit"],
            co_units=values["co_units"],
            assigned_on=values["assigned_on"],
            replied_on=values["replied_on"],
            result_class=values["result_class"],
            reply_text=values.get("reply") or "",
            evaluated_on=values["evaluated_on"],
            rating=values["rating"],
        )


SUGGESTIONS = SuggestionImporter()
