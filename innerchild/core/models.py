"""Rows behind durable background jobs (innerchild.core.jobs); core owns no other data."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicJob(models.Model):
    """When a periodic job next runs. Workers claim a run by bumping `run_count` (compare and swap),
    so however many workers look at a due row, exactly one enqueues it."""

    name = models.CharField(_("name"), max_length=100, primary_key=True)
    next_run_at = models.DateTimeField(_("next run at"))
    last_enqueued_at = models.DateTimeField(_("last enqueued at"), null=True, blank=True)
    run_count = models.PositiveBigIntegerField(_("runs enqueued"), default=0)

    class Meta:
        verbose_name = _("periodic job")
        verbose_name_plural = _("periodic jobs")

    def __str__(self) -> str:
        return self.name


class JobKey(models.Model):
    """A name given to a scheduled job, so that `jobs.cancel(key)` can withdraw it before it runs."""

    key = models.CharField(_("key"), max_length=200, db_index=True)
    result = models.ForeignKey(
        "django_tasks_database.DBTaskResult", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("job key")
        verbose_name_plural = _("job keys")

    def __str__(self) -> str:
        return self.key


class OnceKey(models.Model):
    """A side effect (an email) that must happen at most once, named by its caller."""

    class State(models.TextChoices):
        STARTED = "started", _("started")
        DONE = "done", _("done")
        RELEASED = "released", _("failed, may be tried again")

    key = models.CharField(_("key"), max_length=200, unique=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices)
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("once key")
        verbose_name_plural = _("once keys")

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"


class WorkerBeat(models.Model):
    """A running `innerchild worker`: how the others tell that it died in the middle of a job."""

    worker_id = models.CharField(_("worker id"), max_length=64, primary_key=True)
    host = models.CharField(_("host"), max_length=255)
    pid = models.PositiveIntegerField(_("process id"))
    started_at = models.DateTimeField(_("started at"))
    last_seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("worker")
        verbose_name_plural = _("workers")

    def __str__(self) -> str:
        return self.worker_id
