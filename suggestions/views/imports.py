"""Staff bring in last years' suggestions from the committee's Excel book (suggestions/imports.py)."""

from django.urls import reverse

from liaison.core.access import is_committee_staff, role_required
from liaison.imports.views import import_page, template_download
from suggestions.imports import SUGGESTIONS


@role_required(is_committee_staff)
def suggestion_import(request):
    return import_page(
        request,
        importer=SUGGESTIONS,
        list_url=reverse("suggestions:list"),
        template_url=reverse("suggestions:import_template"),
    )


@role_required(is_committee_staff)
def suggestion_import_template(request):
    return template_download(SUGGESTIONS)
