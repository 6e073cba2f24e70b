"""Staff bring in last years' duty records from a station's Excel book (assessments/imports.py)."""

from assessments.imports import DUTY_RECORDS
from liaison.imports.views import import_views

duty_record_import, duty_record_import_template = import_views(
    DUTY_RECORDS, list_name="assessments:records", template_name="assessments:import_template"
)
