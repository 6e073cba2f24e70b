"""The officer's lists: the opinions, the monthly consultation, the registers of opinions and of feedback
with their workbooks, and the categories."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core import excel
from liaison.core.access import is_committee_staff, manages_network, manages_network_or_deputy, role_required
from liaison.core.pagination import paginate
from liaison.selectors import stations_managed_by
from voters.filters import OpinionFilter
from voters.forms import CategoryForm, MonthForm, PeriodForm, bootstrap
from voters.models import Category, Opinion
from voters.selectors import (
    PersonalData,
    category_counts,
    consultation_groups,
    counts_by,
    default_period,
    first_of_month,
    open_age_buckets,
    opinion_rows,
    opinions_visible_to,
    register_feedback,
    register_opinions,
)
from voters.services.voters import personal_data_export_log
from voters.views.base import posted


@role_required(manages_network_or_deputy)
def opinion_list(request):
    visible = opinions_visible_to(request.user)
    opinion_filter = OpinionFilter(request.GET, queryset=opinion_rows(visible), request=request)
    bootstrap(opinion_filter.form, small=True)
    opinions = opinion_filter.qs
    page = paginate(request, opinions)
    filtered = opinion_filter.qs.model.objects.filter(pk__in=opinions.values("pk"))
    context = {
        "filter": opinion_filter,
        "page": page,
        "people": PersonalData(request.user),
        "by_category": category_counts(filtered),
        "by_route": _labelled(counts_by(filtered, "route"), "route", Opinion._meta.get_field("route")),
        "ages": open_age_buckets(visible),
        "can_manage": manages_network(request.user),
    }
    return render(request, "voters/opinion_list.html", context)


def _labelled(rows, field_name, field):
    labels = dict(field.choices)
    return [
        (labels.get(row[field_name], _("Not triaged yet")), row[field_name], row["count"]) for row in rows
    ]


# Monthly consultation and registers ----------------------------------------------------------------------


@role_required(manages_network)
def consultation(request):
    form = MonthForm(request.GET or None)
    month = form.cleaned_data["month"] if form.is_valid() else first_of_month(timezone.localdate())
    groups = consultation_groups(request.user, month)
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    context = {
        "form": form,
        "month": month,
        "groups": groups,
        "total": sum(len(level["opinions"]) for group in groups for level in group["levels"]),
        "previous": previous,
        "following": following,
    }
    return render(request, "voters/consultation.html", context)


def _period(request):
    stations = stations_managed_by(request.user)
    start, end = default_period()
    form = PeriodForm(request.GET or None, stations=stations, initial={"start": start, "end": end})
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        station = form.cleaned_data["station"]
    else:
        station = None
    return form, start, end, station


@role_required(manages_network)
def register(request):
    form, start, end, station = _period(request)
    opinions = (
        register_opinions(request.user, start, end, station) if not form.errors else Opinion.objects.none()
    )
    context = {"form": form, "start": start, "end": end, "station": station, "opinions": opinions}
    context["people"] = PersonalData(request.user)
    return render(request, "voters/register.html", context)


@role_required(manages_network)
def feedback(request):
    form, start, end, station = _period(request)
    visits = register_feedback(request.user, start, end, station) if not form.errors else []
    context = {"form": form, "start": start, "end": end, "station": station, "visits": visits}
    context["people"] = PersonalData(request.user)
    return render(request, "voters/feedback.html", context)


REGISTER_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Received at"),
    gettext_lazy("Tracking code"),
    gettext_lazy("Station"),
    gettext_lazy("Channel"),
    gettext_lazy("Voter"),
    gettext_lazy("Phone"),
    gettext_lazy("Community or village"),
    gettext_lazy("Address"),
    gettext_lazy("Receiving deputy"),
    gettext_lazy("Category"),
    gettext_lazy("Content"),
    gettext_lazy("Location"),
    gettext_lazy("Route"),
    gettext_lazy("Status"),
    gettext_lazy("Answer for the voter"),
]


@role_required(manages_network)
def register_export(request):
    form, start, end, station = _period(request)
    if form.errors:
        return redirect(f"{reverse('voters:register')}?{request.GET.urlencode()}")
    people = PersonalData(request.user)
    rows = []
    for number, opinion in enumerate(
        register_opinions(request.user, start, end, station).iterator(chunk_size=500), 1
    ):
        voter = opinion.voter
        rows.append(
            [
                number,
                opinion.received_at,
                opinion.tracking_code,
                opinion.station.name,
                opinion.get_channel_display(),
                people.name(voter),
                people.phone(voter),
                voter.community if voter else "",
                people.address(voter),
                opinion.deputy.name if opinion.deputy_id else "",
                str(opinion.category) if opinion.category_id else "",
                opinion.content,
                opinion.location,
                opinion.get_route_display(),
                opinion.get_status_display(),
                opinion.reply,
            ]
        )
    return _register_workbook(
        request,
        what="opinions_register",
        title=_("Opinions register"),
        headers=REGISTER_HEADERS,
        rows=rows,
        widths=[6, 16, 12, 20, 10, 10, 14, 14, 24, 10, 10, 60, 20, 20, 10, 40],
        period=(start, end, station),
        filename=_("opinions-register-%(start)s-%(end)s.xlsx") % {"start": start, "end": end},
    )


FEEDBACK_HEADERS = [
    gettext_lazy("No."),
    gettext_lazy("Return visit at"),
    gettext_lazy("Tracking code"),
    gettext_lazy("Station"),
    gettext_lazy("Received at"),
    gettext_lazy("Voter"),
    gettext_lazy("Phone"),
    gettext_lazy("How"),
    gettext_lazy("By"),
    gettext_lazy("Deputy present"),
    gettext_lazy("Content"),
    gettext_lazy("Answer for the voter"),
    gettext_lazy("Voter's satisfaction"),
    gettext_lazy("What the voter said"),
]


@role_required(manages_network)
def feedback_export(request):
    form, start, end, station = _period(request)
    if form.errors:
        return redirect(f"{reverse('voters:feedback')}?{request.GET.urlencode()}")
    people = PersonalData(request.user)
    rows = []
    for number, visit in enumerate(
        register_feedback(request.user, start, end, station).iterator(chunk_size=500), 1
    ):
        opinion = visit.opinion
        voter = visit.voter
        rows.append(
            [
                number,
                visit.visited_at,
                opinion.tracking_code,
                opinion.station.name,
                timezone.localdate(opinion.received_at),
                people.name(voter),
                people.phone(voter),
                visit.get_method_display(),
                str(visit.visited_by or ""),
                visit.deputy.name if visit.deputy_id else "",
                opinion.content,
                opinion.reply,
                visit.get_satisfaction_display(),
                visit.note,
            ]
        )
    return _register_workbook(
        request,
        what="feedback_register",
        title=_("Feedback register"),
        headers=FEEDBACK_HEADERS,
        rows=rows,
        widths=[6, 16, 12, 20, 12, 10, 14, 10, 10, 10, 50, 40, 12, 40],
        period=(start, end, station),
        filename=_("feedback-register-%(start)s-%(end)s.xlsx") % {"start": start, "end": end},
    )


def _register_workbook(request, *, what, title, headers, rows, widths, period, filename):
    """One register as a workbook, its export of personal data logged."""
    workbook = excel.new_workbook()
    excel.add_table_sheet(workbook, title, [str(header) for header in headers], rows, widths=widths)
    _log_export(request, what, *period, len(rows))
    return excel.workbook_response(workbook, filename)


def _log_export(request, what, start, end, station, count):
    personal_data_export_log(
        actor=request.user,
        what=what,
        parameters={"start": str(start), "end": str(end), "station": station.pk if station else None},
        row_count=count,
        unmasked=False,
        address=get_client_ip_address(request),
    )


# Categories (committee staff keep the list) ----------------------------------------------------------------


@role_required(manages_network)
def category_list(request):
    categories = Category.objects.all()
    return render(request, "voters/category_list.html", {"categories": categories})


@role_required(is_committee_staff)
def category_edit(request, pk=None):
    category = get_object_or_404(Category, pk=pk) if pk else Category()
    form = CategoryForm(posted(request), instance=category)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("voters:categories")
    return render(request, "voters/category_form.html", {"form": form, "category": category})
