"""提 Propose: a deputy's draft and its submission, registration (立案) or turning down, handling several
together (并案), and voters' opinions raised as one draft (群众点单、代表定单)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from liaison.core.errors import ActionRefused
from liaison.policies.selectors import policy_in_force
from suggestions.models import NumberCounter, Suggestion, SuggestionEvent
from suggestions.services.steps import check_allowed, lock_suggestion, move, write_event
from suggestions.transitions import may_write_for
from voters.models import Route
from voters.services.steps import opinion_triage

Status = Suggestion.Status
Event = SuggestionEvent.Kind


def _check_deputies(actor, lead_deputy, joint_deputies):
    if not may_write_for(actor, lead_deputy):
        raise ActionRefused(_("You may not write a suggestion for this deputy."))
    if any(deputy.pk == lead_deputy.pk for deputy in joint_deputies):
        raise ValidationError(_("The lead deputy cannot also be a joint deputy."))


@transaction.atomic
def suggestion_save_draft(
    *,
    actor,
    lead_deputy,
    title,
    content,
    category,
    kind=Suggestion.Kind.SUGGESTION,
    period=Suggestion.Period.BETWEEN,
    joint_deputies=(),
    suggestion=None,
):
    """Create a draft, or change one that has not been submitted yet."""
    joint_deputies = list(joint_deputies)
    _check_deputies(actor, lead_deputy, joint_deputies)
    fields = {
        "lead_deputy": lead_deputy,
        "title": title,
        "content": content,
        "category": category,
        "kind": kind,
        "period": period,
    }
    if suggestion is None:
        suggestion = Suggestion(created_by=actor, status=Status.DRAFT, **fields)
        suggestion.full_clean()
        suggestion.save()
        write_event(suggestion, Event.CREATED, actor)
    else:
        suggestion = lock_suggestion(suggestion, "edit")
        check_allowed(suggestion, actor, "edit")
        for name, value in fields.items():
            setattr(suggestion, name, value)
        suggestion.full_clean()
        suggestion.save()
        write_event(suggestion, Event.EDITED, actor)
    suggestion.joint_deputies.set(joint_deputies)
    return suggestion


def _next_number(year):
    counter, _created = NumberCounter.objects.get_or_create(year=year)
    counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def suggestion_submit(*, suggestion, actor):
    """Hand the draft in; it gets the year's next number (2026-017) and keeps the policy in force now."""
    suggestion = lock_suggestion(suggestion, "submit")
    check_allowed(suggestion, actor, "submit")
    now = timezone.now()
    year = timezone.localdate(now).year
    sequence = _next_number(year)
    return move(
        suggestion,
        Status.SUBMITTED,
        Event.SUBMITTED,
        actor,
        year=year,
        sequence=sequence,
        number=f"{year}-{sequence:03d}",
        submitted_at=now,
        basically_satisfied_reassigns=policy_in_force(suggestion.lead_deputy).basically_satisfied_reassigns,
    )


@transaction.atomic
def suggestion_register(*, suggestion, actor, note=""):
    """立案."""
    suggestion = lock_suggestion(suggestion, "register")
    check_allowed(suggestion, actor, "register")
    return move(suggestion, Status.REGISTERED, Event.REGISTERED, actor, note, registered_at=timezone.now())


@transaction.atomic
def suggestion_reject(*, suggestion, actor, reason):
    """Turn a suggestion down (不予立案) with a reason the deputy sees."""
    suggestion = lock_suggestion(suggestion, "reject")
    check_allowed(suggestion, actor, "reject")
    if not reason.strip():
        raise ValidationError(_("Give the reason: the deputy will read it."))
    return move(suggestion, Status.REJECTED, Event.REJECTED, actor, reason, rejection_reason=reason)


@transaction.atomic
def suggestion_merge(*, main, others, actor, note=""):
    """并案办理: handle several suggestions of the same content once; every deputy still gets the answer and
    evaluates it."""
    main = lock_suggestion(main, "merge")
    check_allowed(main, actor, "merge")
    merged = []
    for other in others:
        if other.pk == main.pk:
            continue
        other = lock_suggestion(other, "merge")
        if other.round != 1 or other.merged_into_id or other.merged.exists():
            raise ActionRefused(
                _("%(number)s is already handled together with others or is in a second round.")
                % {"number": other.number}
            )
        other.merged_into = main
        other.save(update_fields=["merged_into", "updated_at"])
        write_event(
            other, Event.MERGED, actor, from_status=other.status, note=f"{main.number} {note}".strip()
        )
        merged.append(other)
    if not merged:
        raise ValidationError(_("Choose at least one other suggestion."))
    write_event(
        main,
        Event.MERGED,
        actor,
        from_status=main.status,
        note=" ".join([*(other.number for other in merged), note]).strip(),
    )


# ---------------------------------------------------------------------------------------------------------
# Voters' opinions (voters app)


@transaction.atomic
def suggestion_from_opinions(*, opinions, lead_deputy, actor, note="", **triage):
    """群众点单、代表定单 (seed 003): voters' opinions on one matter become one draft suggestion of `lead_deputy`
    (for a single opinion, its receiving deputy when none is chosen), for the deputy to finish. Each opinion
    is triaged to the suggestion route, its timeline naming the draft; `triage` is the rest of the triage
    form (category, reply...), recorded on each opinion as opinion_triage takes it."""
    opinions = list(opinions)
    if not opinions:
        raise ValidationError(_("Choose at least one opinion."))
    if lead_deputy is None and len(opinions) == 1:
        lead_deputy = opinions[0].deputy
    if lead_deputy is None:
        raise ValidationError({"lead_deputy": _("Choose the deputy who will raise the suggestion.")})
    suggestion = suggestion_save_draft(
        actor=actor,
        lead_deputy=lead_deputy,
        title=opinions[0].content.strip().splitlines()[0][:60],
        content="\n\n".join(f"【{opinion.tracking_code}】{opinion.content}" for opinion in opinions),
        category=Suggestion._meta.get_field("category").default,
    )
    suggestion.source_opinions.set(opinions)
    note = " · ".join(filter(None, [note, _("Draft suggestion: %(title)s") % {"title": suggestion}]))
    for opinion in opinions:
        opinion_triage(opinion=opinion, route=Route.SUGGESTION, actor=actor, note=note, **triage)
    return suggestion
