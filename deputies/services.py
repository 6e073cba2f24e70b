"""State changes of the roster, one function each."""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Deputy, Level, Mandate
from deputies.selectors import groups_managed_by
from liaison.core.phones import normalise_mobile
from liaison.selectors import stations_managed_by
from liaison.services import stationing_start

# The roster workbook's columns, shared by the template, the export and the import.
ROSTER_COLUMNS = [
    ("name", gettext_lazy("Name")),
    ("gender", gettext_lazy("Gender")),
    ("birth_year", gettext_lazy("Birth year")),
    ("ethnicity", gettext_lazy("Ethnicity")),
    ("party", gettext_lazy("Party affiliation")),
    ("occupation", gettext_lazy("Occupation")),
    ("employer", gettext_lazy("Employer and post")),
    ("sector", gettext_lazy("Sector")),
    ("phone", gettext_lazy("Mobile phone")),
    ("email", gettext_lazy("E-mail address")),
    ("wecom_userid", gettext_lazy("WeChat Work member id")),
    ("levels", gettext_lazy("Levels")),
    ("term", gettext_lazy("Term")),
    ("constituency", gettext_lazy("Constituency")),
    ("groups", gettext_lazy("Deputy groups")),
    ("station", gettext_lazy("Stationed at")),
]
REQUIRED_COLUMNS = {"name", "phone", "levels"}
# WeChat Work's rule for a member's UserID.
WECOM_USERID = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
LIST_SEPARATORS = re.compile(r"[、,，;；/\s]+")

# What people write for a level, besides its label in either language.
LEVEL_ALIASES = {
    "全国": Level.NATIONAL,
    "省": Level.PROVINCIAL,
    "省级": Level.PROVINCIAL,
    "市": Level.CITY,
    "市级": Level.CITY,
    "县": Level.COUNTY,
    "区": Level.COUNTY,
    "县级": Level.COUNTY,
    "区级": Level.COUNTY,
    "县区": Level.COUNTY,
    "乡": Level.TOWNSHIP,
    "镇": Level.TOWNSHIP,
    "乡镇": Level.TOWNSHIP,
    "乡级": Level.TOWNSHIP,
    "镇级": Level.TOWNSHIP,
}


@transaction.atomic
def deputy_create(*, station=None, groups=(), **fields):
    deputy = Deputy(**fields)
    deputy.full_clean()
    deputy.save()
    deputy.deputy_groups.set(groups)
    if station is not None:
        stationing_start(deputy=deputy, station=station)
    return deputy


@transaction.atomic
def deputy_update(*, deputy, groups=None, **fields):
    """Change a deputy's record; `groups` replaces only the groups the actor manages (passed in by the form)."""
    for name, value in fields.items():
        setattr(deputy, name, value)
    deputy.full_clean()
    deputy.save()
    if groups is not None:
        deputy.deputy_groups.set(groups)
    return deputy


def mandate_save(*, mandate):
    mandate.full_clean()
    mandate.save()
    return mandate


@transaction.atomic
def group_save(*, group, members):
    group.full_clean()
    group.save()
    group.members.set(members)
    if group.leader_id and group.leader_id not in {member.pk for member in members}:
        group.members.add(group.leader)
    return group


@dataclass
class RosterRow:
    number: int
    values: dict
    errors: list = field(default_factory=list)


class RosterImportError(Exception):
    """The file has problems: nothing was written. `problems` is a list of (row number, message)."""

    def __init__(self, problems):
        super().__init__(problems)
        self.problems = problems


def values_by_label(choices):
    """Map each label, in every language we offer, to its value: a file made in either language imports."""
    mapping = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            mapping.update({str(label).strip().lower(): value for value, label in choices})
    return mapping


def roster_check(rows, *, actor):
    """Check a whole roster file; return the rows ready to import or raise RosterImportError with every
    problem found, each with its row number as Excel shows it."""
    if not rows:
        raise RosterImportError([(1, _("The file is empty."))])
    labels = values_by_label(ROSTER_COLUMNS)
    header = [labels.get(str(value or "").strip().lower()) for value in rows[0]]
    missing = [str(label) for key, label in ROSTER_COLUMNS if key in REQUIRED_COLUMNS and key not in header]
    if missing:
        raise RosterImportError([(1, _("Missing columns: %(columns)s.") % {"columns": "、".join(missing)})])

    # A row joins only groups the importer may change, as the deputy form offers (issue 15).
    groups = {group.name: group for group in groups_managed_by(actor)}
    stations = {station.name: station for station in stations_managed_by(actor)}
    known_phones = set(Deputy.objects.exclude(phone="").values_list("phone", flat=True))
    seen_phones, seen_people = {}, {}
    checked = []
    for number, raw in enumerate(rows[1:], start=2):
        values = {key: _cell_text(value) for key, value in zip(header, raw, strict=False) if key}
        if not any(values.values()):
            continue
        row = RosterRow(number=number, values=values)
        _check_row(row, groups=groups, stations=stations, actor=actor)
        phone = row.values.get("phone")
        if phone:
            if phone in known_phones:
                row.errors.append(_("a deputy with this phone number is already on the roster"))
            elif phone in seen_phones:
                row.errors.append(_("same phone number as row %(row)s") % {"row": seen_phones[phone]})
            seen_phones.setdefault(phone, number)
        person = (values.get("name"), values.get("birth_year"))
        if person[0] and person[1] and person in seen_people:
            row.errors.append(_("same name and birth year as row %(row)s") % {"row": seen_people[person]})
        seen_people.setdefault(person, number)
        checked.append(row)
    if not checked:
        raise RosterImportError([(2, _("The file has no deputies under its header row."))])
    problems = [(row.number, message) for row in checked for message in row.errors]
    if problems:
        raise RosterImportError(problems)
    return checked


def _check_row(row, *, groups, stations, actor):
    values, errors = row.values, row.errors
    if not values.get("name"):
        errors.append(_("the name is missing"))
    try:
        values["phone"] = normalise_mobile(values.get("phone"))
        if not values["phone"]:
            errors.append(_("the mobile phone is missing"))
    except ValidationError as error:
        errors.extend(error.messages)
    values["email"] = (values.get("email") or "").strip()
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors.append(_("“%(value)s” is not an e-mail address") % {"value": values["email"]})
    values["wecom_userid"] = (values.get("wecom_userid") or "").strip()
    if values["wecom_userid"] and not WECOM_USERID.fullmatch(values["wecom_userid"]):
        errors.append(
            _("“%(value)s” is not a WeChat Work member id (letters, digits and _ . @ -, at most 64)")
            % {"value": values["wecom_userid"]}
        )
    values["gender"] = _choice(
        values.get("gender"), Deputy.Gender, errors, _("gender"), {"男": "M", "女": "F"}
    )
    values["party"] = _choice(values.get("party"), Deputy.Party, errors, _("party affiliation"))
    birth_year = values.get("birth_year")
    if birth_year:
        if not birth_year.isdigit() or not 1900 <= int(birth_year) <= timezone.localdate().year - 18:
            errors.append(_("the birth year “%(value)s” is not a year") % {"value": birth_year})
        else:
            values["birth_year"] = int(birth_year)
    values["levels"] = _levels(values.get("levels"), errors)
    if values["levels"] and not values.get("term"):
        errors.append(_("the term (届) is missing"))
    names = [name for name in LIST_SEPARATORS.split(values.get("groups") or "") if name]
    values["groups"] = [groups[name] for name in names if name in groups]
    errors.extend(
        _("unknown deputy group “%(value)s”") % {"value": name} for name in names if name not in groups
    )
    station_name = values.get("station")
    if station_name:
        values["station"] = stations.get(station_name)
        if values["station"] is None:
            errors.append(_("unknown station “%(value)s”, or not one of yours") % {"value": station_name})
    elif not actor.sees_everything:
        errors.append(_("the station is missing: a deputy you add must be stationed at one of your stations"))


def _levels(text, errors):
    if not text:
        errors.append(_("the level is missing"))
        return []
    by_label = values_by_label(Level.choices)
    levels = []
    for word in LIST_SEPARATORS.split(text):
        if not word:
            continue
        level = (
            LEVEL_ALIASES.get(word) or by_label.get(word.lower()) or (word if word in Level.values else None)
        )
        if level is None:
            errors.append(_("unknown level “%(value)s”") % {"value": word})
        elif level not in levels:
            levels.append(level)
    return levels


def _choice(text, choices, errors, what, aliases=None):
    if not text:
        return ""
    by_label = {**values_by_label(choices.choices), **(aliases or {})}
    value = by_label.get(text.lower()) or (text if text in choices.values else None)
    if value is None:
        errors.append(_("unknown %(what)s “%(value)s”") % {"what": what, "value": text})
        return ""
    return value


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@transaction.atomic
def roster_import(*, rows, actor):
    """Import a roster file whole or not at all; returns the deputies created."""
    created = []
    for row in roster_check(rows, actor=actor):
        values = row.values
        deputy = deputy_create(
            station=values.get("station") or None,
            groups=values["groups"],
            name=values["name"],
            gender=values["gender"],
            birth_year=values.get("birth_year") or None,
            ethnicity=values.get("ethnicity") or "",
            party=values["party"],
            occupation=values.get("occupation") or "",
            employer=values.get("employer") or "",
            sector=values.get("sector") or "",
            phone=values["phone"],
            email=values["email"],
            wecom_userid=values["wecom_userid"],
        )
        for level in values["levels"]:
            Mandate.objects.create(
                deputy=deputy, level=level, term=values["term"], constituency=values.get("constituency") or ""
            )
        created.append(deputy)
    return created
