"""Suggestions at any step of the loop, built through the services (so that every event is there)."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from liaison.models import HandlingUnit
from suggestions.models import Assignment, Reply, Suggestion
from suggestions.services.assignments import assignment_accept, suggestion_assign
from suggestions.services.proposals import suggestion_register, suggestion_save_draft, suggestion_submit
from suggestions.services.replies import contact_record, suggestion_evaluate, suggestion_reply

STAGES = [
    "draft",
    "submitted",
    "registered",
    "assigned",
    "accepted",
    "contacted",
    "replied",
    "closed",
]


@dataclass
class Loop:
    staff: object
    deputy_user: object
    unit_user: object

    @property
    def deputy(self):
        return self.deputy_user.deputy

    @property
    def unit(self):
        return self.unit_user.handling_unit

    def draft(self, **fields):
        values = {
            "title": "关于增设桂花社区公交站点的建议",
            "content": "桂花社区居民出行不便，建议增设公交站点。",
            "category": "transport",
            **fields,
        }
        return suggestion_save_draft(actor=self.deputy_user, lead_deputy=self.deputy, **values)

    def to(
        self, stage, *, suggestion=None, lead_unit=None, co_units=(), result_class="A", rating=None, **fields
    ):
        """A suggestion moved up to `stage`, or one more step along from `suggestion`."""
        if suggestion is None:
            suggestion = self.draft(**fields)
        suggestion.refresh_from_db()
        lead_unit = lead_unit or self.unit
        steps = {
            "submitted": lambda s: suggestion_submit(suggestion=s, actor=self.deputy_user),
            "registered": lambda s: suggestion_register(suggestion=s, actor=self.staff),
            "assigned": lambda s: suggestion_assign(
                suggestion=s, actor=self.staff, lead_unit=lead_unit, co_units=co_units
            ),
            "accepted": lambda s: self._unit_step(s, lead_unit, "accept"),
            "contacted": lambda s: self._unit_step(s, lead_unit, "contact"),
            "replied": lambda s: self._unit_step(s, lead_unit, "reply", result_class=result_class),
            "closed": lambda s: suggestion_evaluate(
                suggestion=s, actor=self.deputy_user, rating=rating or Suggestion.Rating.SATISFIED
            ),
        }
        start = STAGES.index(suggestion.status) if suggestion.status in STAGES else 0
        if suggestion.status == Suggestion.Status.ASSIGNED:
            start = STAGES.index(self._assigned_stage(suggestion))
        for name in STAGES[start + 1 : STAGES.index(stage) + 1]:
            suggestion = steps[name](suggestion)
            suggestion.refresh_from_db()
        return suggestion

    def _assigned_stage(self, suggestion):
        lead = suggestion.assignments.get(
            round=suggestion.round, role="lead", status__in=["assigned", "accepted"]
        )
        if lead.status == Assignment.Status.ASSIGNED:
            return "assigned"
        if suggestion.contacts.filter(round=suggestion.round).exists():
            return "contacted"
        return "accepted"

    def unit_user_of(self, unit):
        if unit.pk == self.unit.pk:
            return self.unit_user
        return unit.users.first()

    def _unit_step(self, suggestion, unit, step, result_class="A"):
        actor = self.unit_user_of(unit)
        assignment = suggestion.assignments.get(
            round=suggestion.round, role="lead", unit=unit, status__in=["assigned", "accepted"]
        )
        if step == "accept":
            assignment_accept(assignment=assignment, actor=actor)
        elif step == "contact":
            contact_record(
                suggestion=suggestion,
                actor=actor,
                method="phone",
                contacted_on=timezone.localdate(),
                note="电话沟通",
            )
        else:
            follow_up = (
                timezone.localdate() + timedelta(days=60) if result_class == Reply.ResultClass.B else None
            )
            suggestion_reply(
                suggestion=suggestion,
                actor=actor,
                result_class=result_class,
                text="已会同相关部门研究，计划年内增设站点。",
                follow_up_on=follow_up,
                reason="资金暂未落实" if result_class == Reply.ResultClass.C else "",
            )
        return suggestion


def loop_from(f):
    """A Loop from the shared fixtures (f is request.getfixturevalue)."""
    return Loop(staff=f("staff_user"), deputy_user=f("deputy_user"), unit_user=f("unit_user_account"))


def lead_assignment(suggestion):
    """The lead unit's assignment in the suggestion's current round."""
    return suggestion.assignments.get(round=suggestion.round, role="lead")


def other_unit(name="区交通运输局"):
    return HandlingUnit.objects.get_or_create(name=name)[0]
