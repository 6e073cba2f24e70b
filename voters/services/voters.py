"""Voters' records: found again by phone in the station's network or recorded, corrected, and every export
of their personal data logged."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from liaison.security import SecurityEvent, security_record
from voters.models import PersonalDataExport, Voter
from voters.similarity import neighbourhood


@transaction.atomic
def voter_find_or_create(*, station, phone="", name="", **details):
    """The voter with this phone in the station's network, completed with what is new; or a new voter.

    Without a phone there is nothing to find a person by: a new record is made each time (or none, when
    no name is given either: the voter stays anonymous)."""
    details = {key: value for key, value in details.items() if value not in (None, "")}
    if not phone and not name:
        return None
    voter = None
    if phone:
        voter = (
            Voter.objects.select_for_update()
            .filter(neighbourhood(station), phone=phone)
            .order_by("pk")
            .first()
        )
    if voter is None:
        voter = Voter(station=station, phone=phone, name=name, **details)
        voter.full_clean()
        voter.save()
        return voter
    changed = _complete(voter, {"name": name, **details})
    if changed:
        voter.save(update_fields=[*changed, "updated_at"])
    return voter


def _complete(voter, details):
    """Fill in what the record lacks from `details`; the fields changed."""
    changed = set()
    for field, value in details.items():
        if value and not getattr(voter, field):
            setattr(voter, field, value)
            changed.add(field)
    return changed


@transaction.atomic
def voters_find_or_create(wanted, *, actor=None):
    """voter_find_or_create for many at once (an import, issue 15), in a few queries whatever their number:
    `wanted` is a list of dicts (station, phone, name, details...); the voters in the same order, None for
    one with neither name nor phone. Two entries with one phone in one network are one voter."""
    found, changed, created, voters = {}, {}, [], []
    phoned = [entry for entry in wanted if entry.get("phone")]
    if phoned:
        roots = {entry["station"].parent_id or entry["station"].pk for entry in phoned}
        existing = (
            Voter.objects.select_for_update(of=("self",))
            .select_related("station")
            .filter(Q(station_id__in=roots) | Q(station__parent_id__in=roots))
            .filter(phone__in={entry["phone"] for entry in phoned})
            .order_by("pk")
        )
        for voter in existing:
            found.setdefault((voter.station.parent_id or voter.station_id, voter.phone), voter)
    for entry in wanted:
        station, phone = entry["station"], entry.get("phone") or ""
        details = {key: value for key, value in entry.items() if key not in ("station", "phone")}
        details = {key: value for key, value in details.items() if value not in (None, "")}
        if not phone and not details.get("name"):
            voters.append(None)
            continue
        key = (station.parent_id or station.pk, phone)
        voter = found.get(key) if phone else None
        if voter is None:
            voter = Voter(station=station, phone=phone, **details)
            # The station is one the caller was given by a selector; (station, phone) was looked up above
            # and the database keeps it unique.
            voter.full_clean(exclude=["station"], validate_constraints=False)
            created.append(voter)
            if phone:
                found[key] = voter
        elif _complete(voter, details) and voter.pk is not None:
            voter.updated_at = timezone.now()  # bulk_update leaves auto_now fields alone
            changed[voter.pk] = voter
        voters.append(voter)
    bulk_create_with_history(created, Voter, default_user=actor)
    if changed:
        fields = {field for entry in wanted for field in entry if field not in ("station", "phone")}
        bulk_update_with_history(list(changed.values()), Voter, [*fields, "updated_at"], default_user=actor)
    return voters


@transaction.atomic
def voter_update(*, voter, **fields):
    for name, value in fields.items():
        setattr(voter, name, value)
    voter.full_clean()
    voter.save()
    return voter


def personal_data_export_log(*, actor, what, parameters=None, row_count=0, unmasked=False, address=None):
    """Log an export of voters' personal data here (what and how many) and in the security log."""
    security_record(SecurityEvent.Kind.EXPORTED, user=actor, target=what, detail=f"{row_count} rows")
    return PersonalDataExport.objects.create(
        actor=actor,
        what=what,
        parameters=parameters or {},
        row_count=row_count,
        unmasked=unmasked,
        address=address,
    )
