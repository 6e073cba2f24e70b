"""Staff bring in last years' activities with their attendance from a station's Excel book
(liaison/activities/imports.py)."""

from liaison.activities.imports import ACTIVITIES
from liaison.imports.views import import_views

activity_import_page, activity_import_template = import_views(
    ACTIVITIES, list_name="activities:list", template_name="activities:import_template"
)
