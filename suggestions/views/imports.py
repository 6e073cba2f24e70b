"""Staff bring in last years' suggestions from the committee's Excel book (suggestions/imports.py)."""

from liaison.imports.views import import_views
from suggestions.imports import SUGGESTIONS

suggestion_import, suggestion_import_template = import_views(
    SUGGESTIONS, list_name="suggestions:list", template_name="suggestions:import_template"
)
