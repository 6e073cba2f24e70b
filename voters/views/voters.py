"""The voters' records: the list and its workbook, one voter's page with the reveal, the edit form, and the
log of every export of personal data."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import excel
from liaison.core.access import is_committee_staff, manages_network, role_required
from liaison.core.pagination import paginate
from liaison.core.permissions import can_reveal
from liaison.models import Station
from voters.filters import VoterFilter
from voters.forms import VoterForm, bootstrap
from voters.selectors import (
    PersonalData,
    exports_visible_to,
    opinion_rows,
    opinions_visible_to,
    voters_managed_by,
)
from voters.services.voters import personal_data_export_log, voter_update
from voters.views.base import posted, record_reveal


@role_required(manages_network)
def voter_list(request):
    voter_filter = VoterFilter(
        request.GET, queryset=voters_managed_by(request.user).select_related("station"), request=request
    )
    bootstrap(voter_filter.form, small=True)
    page = paginate(request, voter_filter.qs)
    context = {"filter": voter_filter, "page": page, "people": PersonalData(request.user)}
    return render(request, "voters/voter_list.html", context)


@role_required(manages_network)
def voter_export(request):
    voter_filter = VoterFilter(
        request.GET, queryset=voters_managed_by(request.user).select_related("station"), request=request
    )
    people = PersonalData(request.user)
    rows = [
        [
            voter.pk,
            people.name(voter),
            people.phone(voter),
            voter.community,
            people.address(voter),
            voter.constituency,
            _("Yes") if voter.consent else _("No"),
            voter.station.name,
        ]
        for voter in voter_filter.qs.iterator(chunk_size=500)
    ]
    headers = [_("No."), _("Name"), _("Phone"), _("Community or village"), _("Address"), _("Constituency")]
    headers += [_("Consents to be contacted"), _("Station")]
    workbook = excel.new_workbook()
    excel.add_table_sheet(workbook, _("Voters"), headers, rows, widths=[8, 10, 14, 16, 30, 14, 10, 24])
    personal_data_export_log(
        actor=request.user,
        what="voters",
        parameters={"q": request.GET.get("q", "")},
        row_count=len(rows),
        unmasked=False,
        address=get_client_ip_address(request),
    )
    return excel.workbook_response(workbook, _("voters-%(date)s.xlsx") % {"date": timezone.localdate()})


@role_required(manages_network)
def voter_detail(request, pk):
    return _voter_page(request, _managed_voter(request, pk))


@role_required(can_reveal)
def voter_reveal(request, pk):
    """Show this voter's name, phone and address in full, for this response only; logged (PIPL)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    voter = _managed_voter(request, pk)
    record_reveal(request, voter)
    return _voter_page(request, voter, revealed={voter.pk})


def _managed_voter(request, pk):
    return get_object_or_404(voters_managed_by(request.user).select_related("station"), pk=pk)


def _voter_page(request, voter, revealed=()):
    opinions = opinion_rows(opinions_visible_to(request.user).filter(voter=voter)).order_by("-received_at")
    context = {
        "voter": voter,
        "opinions": opinions,
        "people": PersonalData(request.user, revealed=revealed),
        "can_reveal": can_reveal(request.user),
    }
    return render(request, "voters/voter_detail.html", context)


@role_required(manages_network)
def voter_edit(request, pk):
    voter = get_object_or_404(voters_managed_by(request.user), pk=pk)
    form = VoterForm(posted(request), instance=voter)
    if form.is_valid():
        try:
            voter_update(voter=voter, **{name: form.cleaned_data[name] for name in form.Meta.fields})
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(voter)
    return render(request, "voters/voter_form.html", {"form": form, "voter": voter})


@role_required(is_committee_staff)
def export_log(request):
    page = paginate(request, exports_visible_to(request.user))
    station_ids = {export.parameters.get("station") for export in page} - {None}
    stations = dict(Station.objects.filter(pk__in=station_ids).values_list("pk", "name"))
    for export in page:
        export.parameter_items = [
            (EXPORT_PARAMETERS.get(key, key), _export_parameter(key, value, stations))
            for key, value in export.parameters.items()
        ]
    return render(request, "voters/export_log.html", {"page": page})


EXPORT_PARAMETERS = {
    "q": gettext_lazy("Search"),
    "start": gettext_lazy("From"),
    "end": gettext_lazy("Until"),
    "station": gettext_lazy("Station"),
}


def _export_parameter(key, value, stations):
    if key == "station":
        return _("All") if value is None else stations.get(value, value)
    return value if value not in (None, "") else "—"
