"""State changes of the roster, one function each."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from deputies.models import Deputy, Level, Mandate
from deputies.selectors import groups_managed_by
from liaison.core.imports import Column, choice, problems_of, rows_of
from liaison.core.phones import normalise_mobile
from liaison.selectors import stations_managed_by
from liaison.services import stationing_start

# The roster workbook's columns, shared by the template, the export and the import.
ROSTER_COLUMNS = [
    Column("name", gettext_lazy("Name"), required=True, example="张三"),
    Column("gender", gettext_lazy("Gender"), example="男"),
    Column("birth_year", gettext_lazy("Birth year"), example=1975),
    Column("ethnicity", gettext_lazy("Ethnicity"), example="汉族"),
    Column("party", gettext_lazy("Party affiliation"), example="中共党员"),
    Column("occupation", gettext_lazy("Occupation"), example="企业负责人"),
    Column("employer", gettext_lazy("Employer and post"), example="某某公司 总经理"),
    Column("sector", gettext_lazy("Sector"), example="企业界"),
    Column("phone", gettext_lazy("Mobile phone"), required=True, example="13812345678"),
    Column("email", gettext_lazy("E-mail address"), example="zhangsan@example.org"),
    Column("wecom_userid", gettext_lazy("WeChat Work member id"), example="ZhangSan"),
    Column("levels", gettext_lazy("Levels"), required=True, example="区、镇"),
    Column("term", gettext_lazy("Term"), example="第十八届"),
    Column("constituency", gettext_lazy("Constituency"), example="第一选区"),
    Column("groups", gettext_lazy("Deputy groups")),
    Column("station", gettext_lazy("Stationed at")),
]
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


def roster_check(cells, *, actor):
    """Check a whole roster file (cells as liaison.core.imports.read_cells gives them); return the rows
    ready to import or raise ImportProblems with every problem found, each with its row number as Excel
    shows it."""
    rows = rows_of(cells, ROSTER_COLUMNS)
    # A row joins only groups the importer may change, as the deputy form offers (issue 15).
    groups = {group.name: group for group in groups_managed_by(actor)}
    stations = {station.name: station for station in stations_managed_by(actor)}
    known_phones = set(Deputy.objects.exclude(phone="").values_list("phone", flat=True))
    seen_phones, seen_people = {}, {}
    for row in rows:
        _check_row(row, groups=groups, stations=stations, actor=actor)
        phone = row.values.get("phone")
        if phone:
            if phone in known_phones:
                row.errors.append(_("a deputy with this phone number is already on the roster"))
            elif phone in seen_phones:
                row.errors.append(_("same phone number as row %(row)s") % {"row": seen_phones[phone]})
            seen_phones.setdefault(phone, row.number)
        person = (row.values.get("name"), row.values.get("birth_year"))
        if person[0] and person[1] and person in seen_people:
            row.errors.append(_("same name and birth year as row %(row)s") % {"row": seen_people[person]})
        seen_people.setdefault(person, row.number)
    return problems_of(rows)


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
    values["gender"] = choice(
        values.get("gender"), Deputy.Gender.choices, row, _("gender"), {"男": "M", "女": "F"}
    )
    values["party"] = choice(values.get("party"), Deputy.Party.choices, row, _("party affiliation"))
    birth_year = values.get("birth_year")
    if birth_year:
        if not birth_year.isdigit() or not 1900 <= int(birth_year) <= timezone.localdate().year - 18:
            errors.append(_("the birth year “%(value)s” is not a year") % {"value": birth_year})
        else:
            values["birth_year"] = int(birth_year)
    values["levels"] = _levels(values.get("levels"), row)
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


def _levels(text, row):
    if not text:
        row.errors.append(_("the level is missing"))
        return []
    levels = []
    for word in LIST_SEPARATORS.split(text):
        level = word and choice(word, Level.choices, row, _("Levels"), LEVEL_ALIASES)
        if level and level not in levels:
            levels.append(level)
    return levels


@transaction.atomic
def roster_import(*, cells, actor):
    """Import a roster file whole or not at all; returns the deputies created."""
    created = []
    for row in roster_check(cells, actor=actor):
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
