"""Voters' records: found again by phone in the station's network or recorded, corrected, and every export
of their personal data logged."""

from django.db import transaction

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
    changed = []
    for field, value in {"name": name, **details}.items():
        if value and not getattr(voter, field):
            setattr(voter, field, value)
            changed.append(field)
    if details.get("consent") and not voter.consent:
        voter.consent = True
        changed.append("consent")
    if changed:
        voter.save(update_fields=[*set(changed), "updated_at"])
    return voter


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
