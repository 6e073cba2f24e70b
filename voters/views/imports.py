"""Staff bring in last years' opinions from a station's Excel book (voters/imports.py)."""

from liaison.imports.views import import_views
from voters.imports import OPINIONS

opinion_import, opinion_import_template = import_views(
    OPINIONS, list_name="voters:list", template_name="voters:import_template"
)
