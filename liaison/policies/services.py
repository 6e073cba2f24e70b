from django.db import transaction

from liaison.core.access import refuse_unless_committee_staff
from liaison.policies.models import POLICY_FIELDS, Policy
from liaison.policies.selectors import policy_in_force
from liaison.security import SecurityEvent, security_record


def policy_changes(before, after):
    """What differs between two versions, as the security log keeps it: `field: old → new; ...` with the
    stored values (liaison/security.py shows them in the reader's words)."""
    return "; ".join(
        f"{name}: {getattr(before, name)} → {getattr(after, name)}"
        for name in POLICY_FIELDS
        if getattr(before, name) != getattr(after, name)
    )


@transaction.atomic
def policy_set(
    *,
    actor,
    opinion_answer_days,
    opinion_answer_day_count,
    reception_publish_days_ahead,
    basically_satisfied_reassigns,
    note="",
):
    """A new version of the policy of the actor's own level (staff of a street set their street's, never
    the district's above it), for the cases that begin from now on there and below; None when nothing
    differs from the policy in force there. Cases already begun keep theirs (each copies what it needs
    when it begins)."""
    refuse_unless_committee_staff(actor)
    before = policy_in_force(actor.jurisdiction)
    policy = Policy(
        jurisdiction=actor.jurisdiction,
        opinion_answer_days=opinion_answer_days,
        opinion_answer_day_count=opinion_answer_day_count,
        reception_publish_days_ahead=reception_publish_days_ahead,
        basically_satisfied_reassigns=basically_satisfied_reassigns,
        note=note.strip(),
        set_by=actor,
    )
    detail = policy_changes(before, policy)
    if not detail:
        return None
    policy.full_clean()
    policy.save()
    security_record(SecurityEvent.Kind.POLICY_CHANGED, user=actor, target=policy, detail=detail)
    return policy
