"""Staff bring in last years' duty records from a station's Excel book (assessments/imports.py)."""

from django.urls import reverse

from assessments.imports import DUTY_RECORDS
from liaison.core.access import is_committee_staff, role_required
from liaison.imports.views import import_page, template_download


@role_required(is_committee_staff)
def duty_record_import(request):
    return import_page(
        request,
        importer=DUTY_RECORDS,
        list_url=reverse("assessments:records"),
        template_url=reverse("assessments:import_template"),
    )


@role_required(is_committee_staff)
def duty_record_import_template(request):
    return template_download(DUTY_RECORDS)
