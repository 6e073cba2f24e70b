"""The officer's lists: the opinions, the monthly consultation, the registers of opinions and of feedback
(books of 一册四簿: a workbook, a print view and a PDF each, liaison/core/books.py), and the categories."""

from datetime import timedelta

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from liaison.core.access import is_deployment_staff, manages_network, manages_network_or_deputy, role_required
from liaison.core.books import Book, Column, book_urls, period_book_response
from liaison.core.pagination import paginate
from liaison.core.periods import period_from, period_label
from liaison.selectors import stations_managed_by
from voters.filters import OpinionFilter
from voters.forms import CategoryForm, MonthForm, bootstrap
from voters.models import Category, Opinion
from voters.selectors import (
    PersonalData,
    category_counts,
    consultation_groups,
    counts_by,
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
    opinion_filter = OpinionFilter(request.GET, queryset=visible, request=request)
    bootstrap(opinion_filter.form, small=True)
    opinions = opinion_filter.qs
    page = paginate(request, opinions, rows=opinion_rows)
    # Counted straight from the filtered rows: through "pk IN (the filtered ids)" PostgreSQL matched a
    # city-wide text search twice (issue 19).
    filtered = opinions.order_by()
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
    return period_from(request, stations_managed_by(request.user))


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


REGISTER_COLUMNS = [
    Column(gettext_lazy("Received at"), 16),
    Column(gettext_lazy("Tracking code"), 12),
    Column(gettext_lazy("Station"), 20),
    Column(gettext_lazy("Channel"), 10),
    Column(gettext_lazy("Voter"), 10),
    Column(gettext_lazy("Phone"), 14),
    Column(gettext_lazy("Community or village"), 14),
    Column(gettext_lazy("Address"), 24, paper=False),
    Column(gettext_lazy("Receiving deputy"), 10),
    Column(gettext_lazy("Category"), 10),
    Column(gettext_lazy("Content"), 60),
    Column(gettext_lazy("Location"), 20, paper=False),
    Column(gettext_lazy("Route"), 20),
    Column(gettext_lazy("Status"), 10),
    Column(gettext_lazy("Answer for the voter"), 40),
]


def _opinions_book(user, start, end, station):
    people = PersonalData(user)

    def row(opinion):
        voter = opinion.voter
        return [
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
            opinion.route_label,
            opinion.get_status_display(),
            opinion.reply,
        ]

    return Book(
        title=_("Opinions register"),
        subtitle=period_label(start, end, station),
        columns=REGISTER_COLUMNS,
        items=register_opinions(user, start, end, station),
        row=row,
        filename=_("opinions-register-%(start)s-%(end)s") % {"start": start, "end": end},
        urls=book_urls("voters:register", "register"),
    )


FEEDBACK_COLUMNS = [
    Column(gettext_lazy("Return visit at"), 16),
    Column(gettext_lazy("Tracking code"), 12),
    Column(gettext_lazy("Station"), 20),
    Column(gettext_lazy("Received at"), 12),
    Column(gettext_lazy("Voter"), 10),
    Column(gettext_lazy("Phone"), 14),
    Column(gettext_lazy("How"), 10),
    Column(gettext_lazy("By"), 10),
    Column(gettext_lazy("Deputy present"), 10),
    Column(gettext_lazy("Content"), 50),
    Column(gettext_lazy("Answer for the voter"), 40),
    Column(gettext_lazy("Voter's satisfaction"), 12),
    Column(gettext_lazy("What the voter said"), 40),
]


def _feedback_book(user, start, end, station):
    people = PersonalData(user)

    def row(visit):
        opinion = visit.opinion
        voter = visit.voter
        return [
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

    return Book(
        title=_("Feedback register"),
        subtitle=period_label(start, end, station),
        columns=FEEDBACK_COLUMNS,
        items=register_feedback(user, start, end, station),
        row=row,
        filename=_("feedback-register-%(start)s-%(end)s") % {"start": start, "end": end},
        urls=book_urls("voters:feedback", "feedback"),
    )


@role_required(manages_network)
def register_book(request, output):
    """The opinions register as a workbook, a print view or a PDF (the URL pattern names which)."""
    return _register_book(request, output, _opinions_book, what="opinions_register")


@role_required(manages_network)
def feedback_book(request, output):
    return _register_book(request, output, _feedback_book, what="feedback_register")


def _register_book(request, output, build, *, what):
    """One register in one output; a file taken away (workbook, PDF) logged as an export of personal data."""
    return period_book_response(
        request,
        output,
        build,
        stations=stations_managed_by(request.user),
        downloaded=lambda book, *period: _log_export(request, what, *period, book.written),
    )


def _log_export(request, what, start, end, station, count):
    personal_data_export_log(
        actor=request.user,
        what=what,
        parameters={"start": str(start), "end": str(end), "station": station.pk if station else None},
        row_count=count,
        unmasked=False,
        address=get_client_ip_address(request),
    )


# Categories (staff of the whole deployment keep the list) ---------------------------------------------------------------


@role_required(manages_network)
def category_list(request):
    categories = Category.objects.all()
    return render(request, "voters/category_list.html", {"categories": categories})


@role_required(is_deployment_staff)
def category_edit(request, pk=None):
    category = get_object_or_404(Category, pk=pk) if pk else Category()
    form = CategoryForm(posted(request), instance=category)
    if form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return redirect("voters:categories")
    return render(request, "voters/category_form.html", {"form": form, "category": category})
