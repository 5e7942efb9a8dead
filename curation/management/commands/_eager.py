"""Shared option for commands that can run their Celery tasks in-process (`--now`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from celery import current_app


@contextmanager
def tasks_in_process(enabled: bool) -> Iterator[None]:
    """Run queued tasks eagerly in this process while the block runs."""
    previous = current_app.conf.task_always_eager
    if enabled:
        current_app.conf.task_always_eager = True
    try:
        yield
    finally:
        current_app.conf.task_always_eager = previous
