"""The rules of a year: read as they are (defaults when staff have not set any), or created on first use."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from assessments.models import DEFAULT_CAPS, DEFAULT_POINTS, DutyKind, KindRule, RuleSet


@dataclass
class Rules:
    ruleset: RuleSet
    points: dict = field(default_factory=dict)
    caps: dict = field(default_factory=dict)

    def points_for(self, kind):
        return self.points.get(kind, Decimal(0))


def rules_for(year):
    """The year's rules in two queries; a year without saved rules reads the defaults (nothing written)."""
    ruleset = RuleSet.objects.filter(year=year).first() or RuleSet(year=year)
    points = {kind: DEFAULT_POINTS.get(kind, Decimal(0)) for kind in DutyKind.values}
    caps = dict(DEFAULT_CAPS.items())
    if ruleset.pk:
        saved = list(KindRule.objects.filter(ruleset=ruleset))
        if saved:
            points.update({rule.kind: rule.points for rule in saved})
            caps = {rule.kind: rule.cap for rule in saved if rule.cap is not None}
    return Rules(ruleset=ruleset, points=points, caps=caps)


@transaction.atomic
def ruleset_ensure(year):
    """The year's rule set, created with the default points and caps the first time it is needed."""
    ruleset, _created = RuleSet.objects.get_or_create(year=year)
    have = set(ruleset.kind_rules.values_list("kind", flat=True))
    KindRule.objects.bulk_create(
        [
            KindRule(
                ruleset=ruleset, kind=kind, points=DEFAULT_POINTS.get(kind, 0), cap=DEFAULT_CAPS.get(kind)
            )
            for kind in DutyKind.values
            if kind not in have
        ]
    )
    return ruleset
