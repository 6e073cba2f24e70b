"""The 《代表工作动态》 pages (assessments/bulletins.py): staff generate, review, publish; everyone allowed reads
the published ones and prints them."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.bulletins import (
    bulletin_can_move,
    bulletin_edit,
    bulletin_generate,
    bulletin_publish,
    bulletin_regenerate,
)
from assessments.models import Bulletin
from assessments.selectors import bulletin_get, bulletins_visible_to
from assessments.sitting_forms import BulletinForm, BulletinSectionFormSet, BulletinTitleForm
from liaison.core.access import is_committee_staff, manages_network_deputy_or_unit, role_required
from liaison.core.errors import refused_to_message
from liaison.core.pagination import paginate
from liaison.core.pdf import html_to_pdf, pdf_unavailable
from liaison.core.uploads import PDF, download

staff_only = role_required(is_committee_staff)
readers = role_required(manages_network_deputy_or_unit)


@readers
def bulletin_list(request):
    bulletins = bulletins_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Bulletin.Status.values:
        bulletins = bulletins.filter(status=status)
    year = request.GET.get("year", "")
    if year.isdigit():
        bulletins = bulletins.filter(year=int(year))
    context = {
        "page": paginate(request, bulletins.order_by("-start", "-pk")),
        "statuses": Bulletin.Status.choices,
        "status": status,
        "year": year,
        "form": BulletinForm() if request.user.is_committee_staff else None,
    }
    return render(request, "assessments/bulletin_list.html", context)


@require_POST
@staff_only
def bulletin_create(request):
    form = BulletinForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(error for errors in form.errors.values() for error in errors))
        return redirect("assessments:bulletins")
    with refused_to_message(request, "assessments:bulletins") as refusal:
        bulletin = bulletin_generate(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The draft is ready to review."))
        return redirect(bulletin)
    return refusal.response


@readers
def bulletin_detail(request, pk):
    bulletin = bulletin_get(request.user, pk)
    context = {
        "bulletin": bulletin,
        "may_publish": request.user.is_committee_staff
        and bulletin_can_move(bulletin, Bulletin.Status.PUBLISHED),
        "events": bulletin.events.select_related("actor") if request.user.is_committee_staff else [],
        "notices": bulletin.notices.all() if request.user.is_committee_staff else [],
    }
    return render(request, "assessments/bulletin_detail.html", context)


@staff_only
def bulletin_edit_view(request, pk):
    bulletin = bulletin_get(request.user, pk)
    if not bulletin.is_draft:
        messages.error(request, _("A published bulletin can no longer change."))
        return redirect(bulletin)
    initial = [{"heading": section.heading, "body": section.body} for section in bulletin.sections.all()]
    title_form = BulletinTitleForm(request.POST or None, initial={"title": bulletin.title})
    formset = BulletinSectionFormSet(request.POST or None, initial=initial, prefix="sections")
    if request.method == "POST" and title_form.is_valid() and formset.is_valid():
        sections = [
            (form.cleaned_data["heading"], form.cleaned_data.get("body", ""))
            for form in formset.forms
            if form.cleaned_data.get("heading") and not form.cleaned_data.get("DELETE")
        ]
        with refused_to_message(request, bulletin) as refusal:
            bulletin_edit(
                bulletin=bulletin,
                actor=request.user,
                title=title_form.cleaned_data["title"],
                sections=sections,
            )
            messages.success(request, _("Saved."))
        return refusal.response or redirect(bulletin)
    context = {"bulletin": bulletin, "title_form": title_form, "formset": formset}
    return render(request, "assessments/bulletin_edit.html", context)


@require_POST
@staff_only
def bulletin_regenerate_view(request, pk):
    bulletin = bulletin_get(request.user, pk)
    with refused_to_message(request, bulletin) as refusal:
        bulletin_regenerate(bulletin=bulletin, actor=request.user)
        messages.success(request, _("Written again from the records."))
    return refusal.response or redirect(bulletin)


@require_POST
@staff_only
def bulletin_publish_view(request, pk):
    bulletin = bulletin_get(request.user, pk)
    with refused_to_message(request, bulletin) as refusal:
        bulletin = bulletin_publish(bulletin=bulletin, actor=request.user)
        messages.success(
            request,
            _("Published: %(count)s notices to the deputies.") % {"count": bulletin.notices.count()},
        )
    return refusal.response or redirect(bulletin)


def _document(request, bulletin, *, for_pdf, problem=None):
    context = {
        "bulletin": bulletin,
        "for_pdf": for_pdf,
        "printed_on": timezone.localdate(),
        "pdf_problem": problem or (None if for_pdf else pdf_unavailable()),
    }
    return render_to_string("assessments/bulletin_print.html", context, request=request)


@readers
def bulletin_print(request, pk, output="print"):
    """The bulletin as an A4 document for the browser, or as a PDF made here where the server can."""
    bulletin = bulletin_get(request.user, pk)
    problem = pdf_unavailable() if output == "pdf" else None
    if output == "pdf" and problem is None:
        pdf = html_to_pdf(_document(request, bulletin, for_pdf=True), stylesheets=["core/book.css"])
        return download(pdf, PDF, f"{bulletin.title}.pdf")
    return HttpResponse(_document(request, bulletin, for_pdf=False, problem=problem))
