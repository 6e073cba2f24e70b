"""Logging a visit (四访) in one form: the visit, each voter met, and what each raised registered as an
opinion on save (issue 18). The visits log itself lives in liaison/activities; this page sits here because
it writes opinions, and the voters app may use activities, not the reverse."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from deputies.selectors import deputies_visible_to
from liaison.activities.forms import VisitForm
from liaison.activities.models import Activity, Invitation
from liaison.activities.selectors import activities_managed_by
from liaison.core.access import manages_network, role_required
from liaison.selectors import stations_managed_by
from voters.forms import VoterLineFormSet
from voters.services.intake import visit_log_with_opinions


def _initial(request):
    """Today, the officer, and what a reception day given by ?activity= tells of the visit."""
    user = request.user
    initial = {"date": timezone.localdate(), "officer": user.pk if user.is_officer else None, "voters_met": 0}
    activity_id = request.GET.get("activity", "")
    day = activities_managed_by(user).filter(pk=activity_id).first() if activity_id.isdigit() else None
    if day:
        initial.update(
            activity=day.pk,
            station=day.station_id,
            place=day.place,
            date=timezone.localdate(day.starts_at),
            deputies=[i.deputy_id for i in day.invitations.exclude(reply=Invitation.Reply.LEAVE)],
        )
    return initial


@role_required(manages_network)
def visit_log_view(request):
    user = request.user
    form = VisitForm(
        request.POST or None,
        initial=_initial(request),
        stations=stations_managed_by(user),
        deputies=deputies_visible_to(user).filter(is_active=True),
        activities=activities_managed_by(user).filter(kind=Activity.Kind.RECEPTION).order_by("-starts_at"),
    )
    lines = VoterLineFormSet(request.POST or None, prefix="entries")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in form.Meta.fields if name not in {"station", "deputies"}
        }
        try:
            visit, opinions = visit_log_with_opinions(
                actor=user,
                station=form.cleaned_data["station"],
                deputies=form.cleaned_data["deputies"],
                lines=[line for line in lines.cleaned_data if line],
                **fields,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("Visit logged with %(count)s voters; %(opinions)s opinions registered.")
                % {"count": visit.voters_met, "opinions": len(opinions)},
            )
            if request.POST.get("another"):
                return redirect(f"{reverse('voters:visit_log')}?activity={visit.activity_id or ''}")
            return redirect(visit)
    return render(request, "voters/visit_form.html", {"form": form, "lines": lines})
