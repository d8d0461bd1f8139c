"""Errors of import jobs, each rendered as RFC 9457 problem+json."""

from __future__ import annotations

from pdp_common.errors import ConflictError, NotFoundError, PayloadTooLargeError


class ImportJobNotFound(NotFoundError):
    """No import job with this id that you may see: jobs are visible to the submitter's
    organization and to the Centre's officers, heads and administrators only."""

    code = "import-job-not-found"
    title = "Import job not found"


class ImportJobTooLarge(PayloadTooLargeError):
    """The uploaded file went past the import job size limit; nothing was kept."""

    code = "import-job-too-large"
    title = "Import file too large"


class ImportJobNotFinished(ConflictError):
    """The job's report is ready once the job has succeeded, failed or been cancelled."""

    code = "import-job-not-finished"
    title = "Import job not finished"


class ImportJobFinished(ConflictError):
    """The job has already succeeded, failed or been cancelled."""

    code = "import-job-finished"
    title = "Import job already finished"
