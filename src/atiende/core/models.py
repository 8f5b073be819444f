"""Runtime bookkeeping: worker heartbeats and periodic-job schedule rows."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive (shown by /healthz and `atiende check`)."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}, pid {self.pid})"


class PeriodicJob(models.Model):
    """When a periodic job is due next. Claimed with a conditional update: runs once per due."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_worker = models.CharField(max_length=64, blank=True)

    def __str__(self) -> str:
        return self.name


class ConfigGeneration(models.Model):
    """One row: a random token replaced by every configuration change (see
    :mod:`atiende.core.configcache`); processes compare it with their cached one."""

    token = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.token
