"""The import pages every room shares: the form, the template workbook, and the job's page with its
progress and problems. A room's view names its importer and the list the records land in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from liaison.core import excel
from liaison.core.access import is_committee_staff, role_required
from liaison.core.imports import template_workbook
from liaison.imports.forms import ImportForm
from liaison.imports.models import ImportJob
from liaison.imports.services import import_job_create, job_progress
from liaison.security import SecurityEvent, security_record


def jobs_of(user):
    """A job is seen by the staff member who brought the file in: its problems quote the file's rows."""
    return ImportJob.objects.filter(user=user)


def import_page(request, *, importer, list_url, template_url):
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            job = import_job_create(
                importer=importer, upload=form.cleaned_data["file"], actor=request.user, params=form.params()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            security_record(SecurityEvent.Kind.IMPORTED, request=request, target=job, detail=importer.kind)
            if job.status == ImportJob.Status.DONE:
                messages.success(request, _("%(count)s records imported.") % {"count": job.row_count})
            return redirect(job)
    recent = jobs_of(request.user).filter(kind=importer.kind)[:10]
    context = {
        "form": form,
        "importer": importer,
        "list_url": list_url,
        "template_url": template_url,
        "jobs": recent,
    }
    return render(request, "imports/import_form.html", context)


def template_download(importer):
    workbook = template_workbook(str(importer.title), importer.columns)
    return excel.workbook_response(workbook, _("%(name)s-template.xlsx") % {"name": importer.title})


def import_views(importer, *, list_name, template_name):
    """A room's two import pages, for staff: the form (its records land in `list_name`) and the template."""

    @role_required(is_committee_staff)
    def page(request):
        return import_page(
            request, importer=importer, list_url=reverse(list_name), template_url=reverse(template_name)
        )

    @role_required(is_committee_staff)
    def template(request):
        return template_download(importer)

    return page, template


@role_required(is_committee_staff)
def job_detail(request, pk):
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return render(request, "imports/job_detail.html", {"job": job, "progress": job_progress(job)})


@role_required(is_committee_staff)
def job_status(request, pk):
    job = get_object_or_404(jobs_of(request.user), pk=pk)
    return JsonResponse({"status": job.status, "progress": job_progress(job), "rows": job.row_count})
