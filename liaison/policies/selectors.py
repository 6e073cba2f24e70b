from django.db.models import Q
from django.db.models.functions import Length

from liaison.policies.models import Policy
from liaison.selectors import jurisdictions_holding


def policy_in_force(place=None):
    """The policy in force for `place` (a jurisdiction, station, deputy or account; None for the whole
    deployment): the latest version of the nearest level up the tree that set one, else the deployment's,
    else the settings' defaults (unsaved, with no level). One query. A deputy stationed in two streets with
    policies of their own follows the one set last."""
    levels = Q(jurisdiction__isnull=True) | Q(jurisdiction__in=jurisdictions_holding(place))
    nearest_first = Length("jurisdiction__path").desc(nulls_last=True)
    return (
        Policy.objects.filter(levels)
        .select_related("jurisdiction")
        .order_by(nearest_first, "-set_at", "-pk")
        .first()
        or Policy()
    )


def policy_history(jurisdiction):
    """The versions one level set itself (None: the whole deployment's), latest first."""
    return (
        Policy.objects.filter(jurisdiction=jurisdiction).select_related("set_by").order_by("-set_at", "-pk")
    )
