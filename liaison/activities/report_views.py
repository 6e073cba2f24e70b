"""Reports to voters (述职): the officer records each deputy's report and the paper tallies and prints the
notice with the rating QR code; voters rate on the public page the code leads to (liaison/activities/
ratings.py). The public page holds a form, so it is never cached (as the public opinion form)."""

from axes.helpers import get_client_ip_address
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from deputies.models import Deputy
from liaison.activities.models import Activity, VoterReport
from liaison.activities.ratings import (
    paper_tally_record,
    rating_closes_at,
    rating_code_send,
    rating_is_open,
    rating_submit,
    reports_of,
    voter_report_save,
)
from liaison.activities.report_forms import RatingForm, TallyForm, VoterReportForm
from liaison.activities.selectors import activities_managed_by
from liaison.core.access import manages_network, role_required
from liaison.core.errors import ActionRefused, refused_to_message
from liaison.core.qr import qr_data_uri


def _report_meeting(user, pk):
    return get_object_or_404(
        activities_managed_by(user).filter(kind=Activity.Kind.REPORT).select_related("station"), pk=pk
    )


@role_required(manages_network)
def voter_report_edit(request, pk):
    """Add or correct one invited deputy's report (?deputy= picks whose, to correct it)."""
    activity = _report_meeting(request.user, pk)
    deputies = Deputy.objects.filter(invitations__activity=activity).order_by("name_pinyin")
    existing = None
    if request.method != "POST" and request.GET.get("deputy", "").isdigit():
        existing = activity.voter_reports.filter(deputy_id=request.GET["deputy"]).first()
    initial = {"deputy": existing.deputy_id, "text": existing.text} if existing else None
    form = VoterReportForm(request.POST or None, initial=initial, deputies=deputies)
    if form.is_valid():
        with refused_to_message(request, activity, form=form) as refusal:
            voter_report_save(
                activity=activity,
                deputy=form.cleaned_data["deputy"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
            messages.success(request, _("Report saved."))
            return redirect(activity)
        if refusal.response:
            return refusal.response
    context = {"form": form, "title": _("Report to voters"), "back": activity, "subtitle": activity}
    return render(request, "form_page.html", context)


@role_required(manages_network)
def paper_tally(request, pk):
    """The paper ratings of one deputy's report, counted at the meeting."""
    report = get_object_or_404(
        VoterReport.objects.filter(activity__in=activities_managed_by(request.user)).select_related(
            "activity", "deputy"
        ),
        pk=pk,
    )
    initial = {
        "satisfied": report.paper_satisfied,
        "basically": report.paper_basically,
        "unsatisfied": report.paper_unsatisfied,
    }
    form = TallyForm(request.POST or None, initial=initial)
    if form.is_valid():
        with refused_to_message(request, report.activity, form=form) as refusal:
            paper_tally_record(report=report, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Paper ratings recorded."))
            return redirect(report.activity)
        if refusal.response:
            return refusal.response
    title = _("Paper ratings of %(name)s's report") % {"name": report.deputy.name}
    return render(
        request,
        "form_page.html",
        {"form": form, "title": title, "back": report.activity, "subtitle": report.activity},
    )


@role_required(manages_network)
def report_notice_print(request, pk):
    """The meeting's printable notice, with the QR code of the rating page."""
    activity = _report_meeting(request.user, pk)
    url = request.build_absolute_uri(reverse("activities:rate", args=[activity.pk]))
    context = {
        "activity": activity,
        "reports": list(reports_of(activity)),
        "qr": qr_data_uri(url),
        "rate_url": url,
        "closes_at": rating_closes_at(activity),
    }
    return render(request, "activities/report_notice_print.html", context)


def _public_meeting(pk):
    return get_object_or_404(
        Activity.objects.filter(kind=Activity.Kind.REPORT, published_at__isnull=False)
        .exclude(status=Activity.Status.CANCELLED)
        .select_related("station"),
        pk=pk,
    )


@never_cache
def rate(request, pk):
    """A voter rates each deputy who reported: a code to their phone first ("send"), then the ratings with
    the code. A refused step (closed, rated already, too many codes, wrong code) says why on the form."""
    activity = _public_meeting(pk)
    reports = list(reports_of(activity))
    form = RatingForm(request.POST if request.method == "POST" else None, reports=reports)
    context = {"activity": activity, "reports": reports, "form": form, "open": rating_is_open(activity)}
    context["closes_at"] = rating_closes_at(activity)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        try:
            if request.POST.get("action") == "send":
                address = get_client_ip_address(request) or None
                if rating_code_send(activity=activity, phone=phone, address=address):
                    context["code_sent"] = True
                else:
                    form.add_error(None, _("The SMS could not be sent. Try again later."))
            else:
                rating_submit(
                    activity=activity,
                    phone=phone,
                    code=form.cleaned_data["code"],
                    marks=form.marks(),
                    comment=form.cleaned_data["comment"],
                )
                return render(request, "activities/rate_thanks.html", context)
        except ActionRefused as refused:  # said on the form, which keeps what was entered
            form.add_error(None, refused)
    return render(request, "activities/rate.html", context)
