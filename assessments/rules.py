"""The rules of a year as they stand for a level of the tree: read as they are (the nearest level up that
set its own, else the whole deployment's, else the defaults), or created on first use by a level."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from assessments.models import DEFAULT_CAPS, DEFAULT_POINTS, DutyKind, KindRule, RuleSet
from liaison.core.errors import ActionRefused
from liaison.models import Stationing
from liaison.selectors import held_for


@dataclass
class Rules:
    ruleset: RuleSet
    points: dict = field(default_factory=dict)
    caps: dict = field(default_factory=dict)

    def points_for(self, kind):
        return self.points.get(kind, Decimal(0))


def _rules_of(ruleset, saved):
    points = {kind: DEFAULT_POINTS.get(kind, Decimal(0)) for kind in DutyKind.values}
    caps = dict(DEFAULT_CAPS.items())
    if saved:
        points.update({rule.kind: rule.points for rule in saved})
        caps = {rule.kind: rule.cap for rule in saved if rule.cap is not None}
    return Rules(ruleset=ruleset, points=points, caps=caps)


def ruleset_in_force(year, place=None):
    """The rule set `place` (a jurisdiction, station, deputy or account; None: the whole deployment) follows
    in `year`: the nearest level up the tree that set one, else the whole deployment's, else the defaults
    (unsaved, with no level). One query. A deputy stationed in two streets with sets of their own follows the
    deeper level's, and between equals the set made last, as compute_scores does."""
    return held_for(RuleSet.objects.filter(year=year), place, "-pk").first() or RuleSet(year=year)


def rules_for(year, place=None):
    """The year's rules for `place` in two queries; a year without saved rules reads the defaults."""
    ruleset = ruleset_in_force(year, place)
    return _rules_of(ruleset, list(ruleset.kind_rules.all()) if ruleset.pk else [])


def rules_by_deputy(deputy_ids, year):
    """({deputy id: Rules}, the whole deployment's Rules for the others) for the deputies given (ids or a values queryset), each by the level their current
    stationings' streets give (rules_for(year, deputy) for each, in three queries whatever their number);
    a deputy stationed nowhere, or in streets that set nothing, follows the whole deployment's."""
    rulesets = list(
        RuleSet.objects.filter(year=year).select_related("jurisdiction").prefetch_related("kind_rules")
    )
    # Nearest first, as ruleset_in_force orders them: the first that holds one of a deputy's streets wins.
    rulesets.sort(key=lambda each: (-len(each.jurisdiction.path) if each.jurisdiction_id else 0, -each.pk))
    rules = {each.pk: _rules_of(each, list(each.kind_rules.all())) for each in rulesets}
    deployment = next((each for each in rulesets if not each.jurisdiction_id), None)
    fallback = rules[deployment.pk] if deployment else _rules_of(RuleSet(year=year), [])
    levelled = [each for each in rulesets if each.jurisdiction_id]
    paths = {}
    if levelled:
        # A point belongs to its liaison station's street.
        for deputy_id, own, above in Stationing.objects.filter(
            deputy_id__in=deputy_ids, until__isnull=True
        ).values_list("deputy_id", "station__jurisdiction__path", "station__parent__jurisdiction__path"):
            paths.setdefault(deputy_id, set()).add(own or above or "")
    by_deputy = {}
    for deputy_id, streets in paths.items():
        found = next(
            (
                each
                for each in levelled
                if any(street.startswith(each.jurisdiction.path) for street in streets if street)
            ),
            None,
        )
        if found is not None:
            by_deputy[deputy_id] = rules[found.pk]
    return by_deputy, fallback


def year_ruleset(year):
    """The whole deployment's row of the year, which holds whether the year is frozen and published."""
    return RuleSet.objects.filter(year=year, jurisdiction__isnull=True)


def year_is_frozen(year):
    return year_ruleset(year).filter(frozen_at__isnull=False).exists()


# What a level's new set starts from: the values of the set it inherited.
RULE_FIELDS = [
    f.name for f in RuleSet._meta.fields if f.name.startswith(("min_", "excellent_", "report_rate_"))
]


@transaction.atomic
def ruleset_ensure(year, jurisdiction=None):
    """The rule set of `jurisdiction` (None: the whole deployment) for the year, created the first time it
    is needed with what it inherits: a level starts from the set above it, the whole deployment from the
    defaults. A frozen year takes no new level's set."""
    ruleset = RuleSet.objects.filter(year=year, jurisdiction=jurisdiction).first()
    if ruleset is None:
        if jurisdiction is None:
            inherited = _rules_of(RuleSet(year=year), [])
        elif year_is_frozen(year):
            raise ActionRefused(
                _("The results of %(year)s are frozen; its rules can no longer change.") % {"year": year}
            )
        else:
            inherited = rules_for(year, jurisdiction)
        ruleset = RuleSet.objects.create(
            year=year,
            jurisdiction=jurisdiction,
            **{name: getattr(inherited.ruleset, name) for name in RULE_FIELDS},
        )
        points, caps = inherited.points, inherited.caps
    else:
        points, caps = DEFAULT_POINTS, DEFAULT_CAPS
    have = set(ruleset.kind_rules.values_list("kind", flat=True))
    KindRule.objects.bulk_create(
        [
            KindRule(ruleset=ruleset, kind=kind, points=points.get(kind, 0), cap=caps.get(kind))
            for kind in DutyKind.values
            if kind not in have
        ]
    )
    return ruleset
