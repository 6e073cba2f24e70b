from liaison.policies.models import Policy


def policy_current():
    """The policy in force: the latest version staff set, or the settings' defaults (unsaved) before any."""
    return Policy.objects.order_by("-set_at", "-pk").first() or Policy()


def policy_history():
    return Policy.objects.select_related("set_by").order_by("-set_at", "-pk")
