"""Record history for staff (django-simple-history): who changed which field of a record, when, from what
to what. One query per record page (the last HISTORY_LIMIT versions with their users); personal fields are
shown masked, and the personal fields of voters and opinions are not kept in the history at all
(voters/models.py)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from liaison.core.phones import mask_name, mask_phone

HISTORY_LIMIT = 20


# Fields shown masked in a history, whatever the model (voters' own personal fields are not in it at all).
MASKED = {"phone": mask_phone, "contact_phone": mask_phone, "contact_name": mask_name}
KINDS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


def history_rows(instance, *related, limit=HISTORY_LIMIT):
    """The newest `limit` versions of `instance` and of the records under it named by `related` (reverse
    foreign keys, e.g. a deputy's "mandates"), newest first, each with who, when, which record and the
    changed fields (old → new). One query per model."""
    sources = [(type(instance), instance.history.all())]
    for name in related:
        relation = instance._meta.get_field(name)
        model = relation.related_model
        sources.append((model, model.history.filter(**{relation.field.attname: instance.pk})))
    rows = []
    for model, history in sources:
        # Twice the limit, so that most shown versions find the version before them to diff against.
        records = list(
            history.select_related("history_user").order_by("-history_date", "-history_id")[: 2 * limit]
        )
        for index, record in enumerate(records[:limit]):
            older = next((r for r in records[index + 1 :] if r.id == record.id), None)
            changes = []
            if older is not None:
                changes = [_change(model, c.field, c.old, c.new) for c in record.diff_against(older).changes]
            rows.append(
                {
                    "at": record.history_date,
                    "user": record.history_user,
                    "record": f"{model._meta.verbose_name} #{record.id}",
                    "kind": KINDS.get(record.history_type, record.history_type),
                    "changes": changes,
                }
            )
    rows.sort(key=lambda row: row["at"], reverse=True)
    return rows[:limit]


def _change(model, name, old, new):
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return {"field": name, "old": old, "new": new}
    return {"field": field.verbose_name, "old": _shown(field, old), "new": _shown(field, new)}


def _shown(field, value):
    if value in (None, ""):
        return "—"
    if field.name in MASKED:
        return MASKED[field.name](value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if field.is_relation:
        return f"#{value}"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    text = str(value)
    return text if len(text) <= 120 else text[:119] + "…"
