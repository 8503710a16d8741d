"""Tiaki's jobs: the schedule (``registry``), the queue (django-tasks with its
database backend) and ``tiaki worker``, which runs both (docs/jobs.md)."""
