"""Running an import: the job is made (a file already brought in is refused), then run in the request for
a small file or by a worker for a large one (issue 15: 50,000 rows). The file is checked whole before
anything is written and written in one transaction: every record or none.

A room's importer (voters/imports.py, suggestions/imports.py) gives `kind`, `title`, `columns`, `task`
(the name of the room's Celery task that runs a job), `check(rows, *, actor, params)` that adds each row's
problems to the row and `write(row, *, actor, job)` that saves one row through the room's services with
its "imported" event, or `write_rows(rows, *, actor, job)` that saves a chunk of rows at once (a room whose
services can write many in a few queries: 50,000 rows at a query or more each take many minutes)."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from liaison.core.imports import ImportProblems, content_hash, problems_of, read_cells, rows_of
from liaison.core.queue import enqueue_after_commit
from liaison.imports.models import ImportJob

# Rows handed to an importer's write_rows at once: few queries each, progress after each, bounded memory.
WRITE_CHUNK = 500
# Problems kept on a job; a file with more is refused whole anyway, and the first ones show what is wrong.
MAX_PROBLEMS = 2000


class AlreadyImported(ValidationError):
    def __init__(self, earlier):
        super().__init__(
            _("This file was already brought in on %(date)s (%(name)s); it is not imported twice.")
            % {"date": timezone.localdate(earlier.created_at), "name": earlier.filename},
            code="already_imported",
        )
        self.earlier = earlier


def import_job_create(*, importer, upload, actor, params):
    """A job for `upload`, queued for a worker when it is large; AlreadyImported when the same content is
    already waiting, running or imported."""
    upload.seek(0)
    data = upload.read()
    digest = content_hash(data)
    earlier = ImportJob.objects.filter(kind=importer.kind, sha256=digest, status__in=ImportJob.HOLDS_FILE)
    if earlier.exists():
        raise AlreadyImported(earlier.first())
    try:
        with transaction.atomic():
            job = ImportJob.objects.create(
                user=actor,
                kind=importer.kind,
                filename=(upload.name or "")[:200],
                sha256=digest,
                params=params,
            )
    except IntegrityError:  # the same file sent twice at once: the other request holds it
        raise AlreadyImported(ImportJob.objects.filter(kind=importer.kind, sha256=digest).first()) from None
    job.file.save("upload.xlsx", ContentFile(data), save=True)
    if len(data) > settings.RECORDS_IMPORT_INLINE_MAX_BYTES:
        enqueue_after_commit(importer.task, job.pk)
    else:
        import_run(job, importer)
        job.refresh_from_db()
    return job


def progress_key(job_id):
    return f"import-progress:{job_id}"


def job_progress(job):
    """The job's progress: while its rows are written it lives in the cache, since the job's own row is
    only seen by others when the writing transaction commits."""
    if job.status == ImportJob.Status.RUNNING:
        return max(job.progress, cache.get(progress_key(job.pk)) or 0)
    return job.progress


def _update(job, **fields):
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _finish(job, **fields):
    if job.file:
        job.file.delete(save=False)
    _update(job, file="", finished_at=timezone.now(), **fields)
    cache.delete(progress_key(job.pk))


def import_run(job, importer):
    """Check and write the job's file; the outcome (count, or every problem) is recorded on the job."""
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        _run(job, importer)


def _run(job, importer):
    _update(job, status=ImportJob.Status.RUNNING, progress=1)
    try:
        with job.file.open("rb") as handle:
            data = handle.read()
        rows = rows_of(read_cells(data), importer.columns)
        _update(job, row_count=len(rows), progress=10)
        importer.check(rows, actor=job.user, params=job.params)
        problems_of(rows)
        _update(job, progress=50)
        _write(job, importer, rows)
    except ValidationError as error:  # the file itself is refused (not Excel, too large, macros...)
        _finish(job, status=ImportJob.Status.FAILED, problems=[[1, message] for message in error.messages])
        return
    except ImportProblems as error:
        problems = [[number, str(message)] for number, message in error.problems[:MAX_PROBLEMS]]
        _finish(job, status=ImportJob.Status.FAILED, problems=problems)
        return
    except Exception as error:  # recorded for the user and the log; the task itself must not retry forever
        _finish(job, status=ImportJob.Status.FAILED, error=str(error)[:2000])
        raise
    _finish(job, status=ImportJob.Status.DONE, progress=100)


def _write(job, importer, rows):
    if hasattr(importer, "write_rows"):
        chunks = [rows[index : index + WRITE_CHUNK] for index in range(0, len(rows), WRITE_CHUNK)]
    else:
        chunks = [[row] for row in rows]
    step = max(1, len(chunks) // 50)
    with transaction.atomic():
        written = 0
        for index, chunk in enumerate(chunks, start=1):
            if hasattr(importer, "write_rows"):
                importer.write_rows(chunk, actor=job.user, job=job)
            else:
                importer.write(chunk[0], actor=job.user, job=job)
            written += len(chunk)
            if index % step == 0:
                cache.set(progress_key(job.pk), 50 + written * 49 // len(rows), 3600)


def import_job_run(job_id, importer):
    """The worker's part: a job already finished is left alone, so a redelivered task is harmless; one left
    running by a worker that died had written nothing (one transaction) and runs again."""
    job = ImportJob.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    import_run(job, importer)
