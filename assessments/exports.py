"""Running an export job: the quarterly workbook built in the background with its progress recorded."""

import io
import tempfile
from datetime import date

from django.core.files import File
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import ExportJob
from assessments.periods import Period
from assessments.report_figures import scope_for
from assessments.reports import quarterly_workbook
from liaison.models import Station


def job_params(period, station, language):
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "station": station.pk if station else None,
        "language": language,
    }


def report_filename(period, scope):
    return _("quarterly-report-%(scope)s-%(period)s.xlsx") % {"scope": scope.label, "period": period.label}


def _progress(job_id):
    def record(percent):
        ExportJob.objects.filter(pk=job_id).update(progress=percent)

    return record


def export_run(job):
    """Build the job's workbook and attach it; a failure is recorded on the job, never lost."""
    ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, progress=1)
    params = job.params
    try:
        with translation.override(params.get("language") or "zh-hans"):
            period = Period(date.fromisoformat(params["start"]), date.fromisoformat(params["end"]))
            station = Station.objects.filter(pk=params["station"]).first() if params.get("station") else None
            # The scope of the one who asked: with no station, what their jurisdiction covers.
            scope = scope_for(station, job.user)
            workbook = quarterly_workbook(period, scope, progress=_progress(job.pk))
            filename = report_filename(period, scope)
            # Written to a temporary file, not memory: the workbook may be large.
            with tempfile.TemporaryFile() as handle:
                workbook.save(handle)
                handle.seek(0)
                job.file.save("report.xlsx", File(handle), save=False)
    except Exception as error:  # recorded for the user and the log; the task itself must not retry forever
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportJob.Status.DONE,
        progress=100,
        file=job.file.name,
        filename=filename,
        finished_at=timezone.now(),
    )


def workbook_bytes(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
