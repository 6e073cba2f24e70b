from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from liaison.core.access import is_committee_staff, role_required
from liaison.core.pagination import paginate
from liaison.policies.forms import PolicyForm
from liaison.policies.models import POLICY_FIELDS
from liaison.policies.selectors import policy_history, policy_in_force
from liaison.policies.services import policy_set


@role_required(is_committee_staff)
def policy_edit(request):
    level = request.user.jurisdiction
    current = policy_in_force(level)
    # A new version starts from the one in force, the level's own or inherited; the reason is its own.
    form = PolicyForm(request.POST or None, initial={name: getattr(current, name) for name in POLICY_FIELDS})
    if form.is_valid():
        if policy_set(actor=request.user, **form.cleaned_data) is None:
            messages.info(request, _("Nothing was changed."))
        else:
            messages.success(request, _("Saved. The new policy applies to cases that begin from now on."))
        return redirect("policies:edit")
    context = {
        "form": form,
        "current": current,
        "level": level,
        # From a level above (or the settings' defaults), until this level sets its own.
        "inherited": current.pk is None or current.jurisdiction_id != (level.pk if level else None),
        "page": paginate(request, policy_history(level)),
    }
    return render(request, "liaison/policy_form.html", context)
