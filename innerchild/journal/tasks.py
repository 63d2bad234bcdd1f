"""Background work of the journal, through the durable job queue (innerchild.core.jobs)."""

from __future__ import annotations

from innerchild.core import jobs


@jobs.task()
def import_upload(upload_id: str) -> str:
    """Import a large uploaded export that was checked and queued by importing.receive_upload."""
    from innerchild.journal import importing

    return importing.run_upload(upload_id)
