"""Last years' opinions from a station's Excel book (issue 15): the columns of the template, each row's
checks, and its writing through voters/services/imported.py. The plumbing (reading, formulas, problems,
the job and its progress) is liaison/core/imports.py and liaison/imports."""

from datetime import date, datetime, time

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deputies.selectors import deputies_visible_to
from liaison.core.imports import Column, by_name, choice, known, parse_date
from liaison.core.phones import normalise_phone
from liaison.selectors import stations_visible_to, units_visible_to
from voters.models import Category, Channel, Opinion, Route, Satisfaction
from voters.services.imported import IMPORTABLE_STATUSES, RESOLVED_OR_LATER, opinions_import
from voters.services.intake import content_digest

Status = Opinion.Status
# Words the books use besides the labels.
STATUS_ALIASES = {
    "已答复": Status.ANSWERED,
    "已回访": Status.ANSWERED,
    "办结": Status.CLOSED,
    "已受理": Status.RECEIVED,
}
ROUTE_ALIASES = {"站内办理": Route.STATION, "转街道": Route.STREET_OFFICE, "转建议": Route.SUGGESTION}
NEEDS_REPLY = {Route.ON_THE_SPOT, Route.NOT_ACCEPTED}
DIGEST_BATCH = 1000


class OpinionImporter:
    kind = "opinions"
    title = _("opinions")
    task = "voters.import_opinions"
    columns = [
        Column("station", _("Station"), required=True, example="幸福社区代表联络站"),
        Column("channel", _("Channel"), required=True, example="接待选民日"),
        Column("received_on", _("Received on"), required=True, example="2025-03-08"),
        Column("voter_name", _("Voter's name"), example="李四"),
        Column("voter_phone", _("Voter's phone"), example="13912345678"),
        Column("community", _("Community or village"), example="幸福社区"),
        Column("category", _("Category"), example=""),
        Column("content", _("Content"), required=True, example="小区门口路灯不亮"),
        Column("deputy", _("Receiving deputy"), example=""),
        Column("route", _("Route"), example="转街道办事处办理"),
        Column("handling_unit", _("Handling unit"), example=""),
        Column("outcome", _("Outcome"), required=True, example="已关闭"),
        Column("reply", _("Answer for the voter"), example="已修复"),
        Column("finished_on", _("Dealt with on"), example="2025-03-20"),
        Column("satisfaction", _("Voter's satisfaction"), example="满意"),
    ]

    def check(self, rows, *, actor, params):
        start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
        stations = by_name(stations_visible_to(actor), lambda station: station.name)
        deputies = by_name(deputies_visible_to(actor), lambda deputy: deputy.name)
        units = by_name(units_visible_to(actor), lambda unit: unit.name)
        categories = by_name(Category.objects.all(), lambda category: category.name)
        labels = {column.key: str(column.label) for column in self.columns}
        for row in rows:
            self._check_row(row, labels, start, end, stations, deputies, units, categories)
        self._check_duplicates(rows)

    def _check_row(self, row, labels, start, end, stations, deputies, units, categories):
        values, errors = row.values, row.errors
        if not values.get("station"):
            errors.append(_("the station is missing"))
        values["station"] = known(stations, values.get("station"), row, labels["station"])
        values["channel"] = choice(values.get("channel"), Channel.choices, row, labels["channel"])
        received = parse_date(values.get("received_on"), row, labels["received_on"], start=start, end=end)
        if received is None and not values.get("received_on"):
            errors.append(_("the date received is missing"))
        values["received_at"] = _moment(received)
        if not values.get("content"):
            errors.append(_("the content is missing"))
        try:
            values["voter_phone"] = normalise_phone(values.get("voter_phone"))
        except ValidationError as error:
            errors.extend(error.messages)
            values["voter_phone"] = ""
        values["deputy"] = known(deputies, values.get("deputy"), row, labels["deputy"])
        values["handling_unit"] = known(units, values.get("handling_unit"), row, labels["handling_unit"])
        values["category"] = known(categories, values.get("category"), row, labels["category"])
        values["route"] = choice(values.get("route"), Route.choices, row, labels["route"], ROUTE_ALIASES)
        outcome = choice(
            values.get("outcome"), Opinion.Status.choices, row, labels["outcome"], STATUS_ALIASES
        )
        if outcome and outcome not in IMPORTABLE_STATUSES:
            errors.append(_("an opinion “%(status)s” is not brought in") % {"status": values["outcome"]})
        values["status"] = outcome
        if outcome and outcome != Status.RECEIVED and not values["route"]:
            errors.append(_("the route is missing: an opinion past “received” was routed"))
        if (outcome in RESOLVED_OR_LATER or values["route"] in NEEDS_REPLY) and not values.get("reply"):
            errors.append(_("the answer for the voter is missing"))
        finished = parse_date(values.get("finished_on"), row, labels["finished_on"], start=start, end=end)
        if finished and received and finished < received:
            errors.append(_("it was dealt with before it was received"))
        # Without its own date, what was dealt with is taken as dealt with on the day it came in.
        values["finished_at"] = (
            (_moment(finished) or values["received_at"]) if outcome in RESOLVED_OR_LATER else None
        )
        values["satisfaction"] = choice(
            values.get("satisfaction"), Satisfaction.choices, row, labels["satisfaction"]
        )

    def _check_duplicates(self, rows):
        """The same text at the same station on the same day: once in the file, and not already recorded."""
        keyed = {}
        for row in rows:
            if row.values.get("station") and row.values.get("received_at") and row.values.get("content"):
                key = (
                    row.values["station"].pk,
                    content_digest(row.values["station"], row.values["content"]),
                    timezone.localtime(row.values["received_at"]).date(),
                )
                if key in keyed:
                    row.errors.append(_("the same opinion as row %(row)s") % {"row": keyed[key].number})
                else:
                    keyed[key] = row
        digests = sorted({key[1] for key in keyed})
        for index in range(0, len(digests), DIGEST_BATCH):
            found = Opinion.objects.filter(content_digest__in=digests[index : index + DIGEST_BATCH])
            for station_id, digest, received_at in found.values_list(
                "station_id", "content_digest", "received_at"
            ):
                row = keyed.get((station_id, digest, timezone.localtime(received_at).date()))
                if row is not None:
                    row.errors.append(_("this opinion is already recorded (same station, day and content)"))

    def write_rows(self, rows, *, actor, job):
        """A chunk of checked rows in a few queries (voters/services/imported.py)."""
        return opinions_import(
            actor=actor, filename=job.filename, records=[_record(row.values) for row in rows]
        )


def _record(values):
    return {
        "station": values["station"],
        "channel": values["channel"],
        "content": values["content"],
        "received_at": values["received_at"],
        "status": values["status"],
        "finished_at": values["finished_at"],
        "voter_name": values.get("voter_name") or "",
        "voter_phone": values["voter_phone"],
        "voter_community": values.get("community") or "",
        "deputy": values["deputy"],
        "category": values["category"],
        "route": values["route"],
        "handling_unit": values["handling_unit"],
        "reply": values.get("reply") or "",
        "satisfaction": values["satisfaction"],
    }


def _moment(day):
    # A book gives a day; the record keeps it at the start of office hours, Beijing time.
    return timezone.make_aware(datetime.combine(day, time(9))) if day else None


OPINIONS = OpinionImporter()
