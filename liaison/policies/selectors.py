from liaison.policies.models import Policy
from liaison.selectors import held_for


def policy_in_force(place=None):
    """The policy in force for `place` (a jurisdiction, station, deputy or account; None for the whole
    deployment): the latest version of the nearest level up the tree that set one, else the deployment's,
    else the settings' defaults (unsaved, with no level). One query. A deputy stationed in two streets with
    policies of their own follows the one set last."""
    return held_for(Policy.objects.all(), place, "-set_at", "-pk").first() or Policy()


def policy_history(jurisdiction):
    """The versions one level set itself (None: the whole deployment's), latest first."""
    return (
        Policy.objects.filter(jurisdiction=jurisdiction).select_related("set_by").order_by("-set_at", "-pk")
    )
