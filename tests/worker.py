"""A real Celery worker process for the end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class CeleryWorker:
    """`celery -A config worker` in a subprocess, on the test database and a real broker."""

    def __init__(
        self,
        *,
        database_url: str,
        broker_url: str,
        queue: str,
        extra_env: dict[str, str] | None = None,
        concurrency: int = 1,
        extra_args: list[str] | None = None,
    ) -> None:
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "CELERY_QUEUE": queue,
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "DJANGO_DEBUG": "1",
            "FETCH_ALLOWED_HOSTS": "127.0.0.1",
            "FETCH_POLITENESS_DELAY": "0",
            "FETCH_RETRY_BACKOFF": "0.2",
            "FETCH_MAX_RETRIES": "2",
            "FETCH_MAX_BYTES": "1000000",
            "FETCH_READ_TIMEOUT": "3",
            "DATABASE_CONN_MAX_AGE": "0",
            "FETCH_HOST_GATE_PREFIX": f"ronten-test:{uuid.uuid4().hex}:",
            **(extra_env or {}),
        }
        self.queue = queue
        self.concurrency = concurrency
        self.extra_args = extra_args or []  # e.g. ["--beat"] to run the scheduler inside
        self.output: list[str] = []
        self.process: subprocess.Popen[str] | None = None
        self._ready = threading.Event()

    def start(self, timeout: float = 60.0) -> CeleryWorker:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={self.concurrency}",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                f"--queues={self.queue}",
                f"--hostname=test-{os.getpid()}-{uuid.uuid4().hex[:6]}@%h",
                *self.extra_args,
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError("celery worker did not start:\n" + "\n".join(self.output[-40:]))
        return self

    def _read(self) -> None:
        assert self.process and self.process.stdout
        for line in self.process.stdout:
            self.output.append(line.rstrip())
            if " ready." in line:
                self._ready.set()

    def child_pids(self) -> list[int]:
        assert self.process
        result = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        )
        return [int(pid) for pid in result.stdout.split()]

    def kill(self) -> None:
        """SIGKILL the whole worker: the main process and its children, with no goodbye."""
        assert self.process
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=5)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


def wait_for(predicate, *, timeout: float = 30.0, interval: float = 0.2):  # type: ignore[no-untyped-def]
    """Poll `predicate` until it returns a truthy value or time runs out."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(interval)
