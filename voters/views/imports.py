"""Staff bring in last years' opinions from a station's Excel book (voters/imports.py)."""

from django.urls import reverse

from liaison.core.access import is_committee_staff, role_required
from liaison.imports.views import import_page, template_download
from voters.imports import OPINIONS


@role_required(is_committee_staff)
def opinion_import(request):
    return import_page(
        request,
        importer=OPINIONS,
        list_url=reverse("voters:list"),
        template_url=reverse("voters:import_template"),
    )


@role_required(is_committee_staff)
def opinion_import_template(request):
    return template_download(OPINIONS)
