"""`make bench`: every figure as a ratio against a baseline measured in the same run.

Writes bench/results.json in the DESIGN.md shape. Runs on a throw-away test database.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Production settings (DEBUG off: no query logging), minus what needs collectstatic or HTTPS.
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DJANGO_STATIC_MANIFEST", "0")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("FETCH_ALLOWED_HOSTS", "127.0.0.1")
os.environ.setdefault("FETCH_POLITENESS_DELAY", "0")
os.environ.setdefault("FETCH_RESPECT_ROBOTS", "0")

import django  # noqa: E402

django.setup()

from celery import current_app  # noqa: E402
from django.db import connection  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results.json"


def rate(
    work: Callable[[], int], *, min_time: float, setup: Callable[[], None] | None = None
) -> float:
    """Items per second of `work` (which returns how many items it did) over `min_time`.

    `setup`, when given, runs before each call of `work`, outside the timed span.
    """
    done, elapsed = 0, 0.0
    while True:
        if setup is not None:
            setup()
        started = time.perf_counter()
        done += work()
        elapsed += time.perf_counter() - started
        if elapsed >= min_time:
            return done / elapsed


def paired_rates(
    ours: Callable[[], int],
    baseline: Callable[[], int],
    *,
    rounds: int = 7,
    min_time: float = 0.3,
    setup: Callable[[], None] | None = None,
) -> tuple[float, float]:
    """Median rates of `ours` and `baseline`, measured in alternating rounds.

    Alternating keeps both exposed to the same machine noise; the medians of each and their
    ratio are then stable from run to run, where a best-of on each side alone is not.
    `setup` prepares each call of `ours`, untimed.
    """
    ours_rates, base_rates = [], []
    for _ in range(rounds):
        ours_rates.append(rate(ours, min_time=min_time, setup=setup))
        base_rates.append(rate(baseline, min_time=min_time))
    return statistics.median(ours_rates), statistics.median(base_rates)


def figure(
    value: float, unit: str, baseline: str, baseline_value: float, target: float | None
) -> dict[str, Any]:
    return {
        "value": round(value, 3),
        "unit": unit,
        "baseline": baseline,
        "baseline_value": round(baseline_value, 3),
        "ratio": round(value / baseline_value, 3) if baseline_value else None,
        "target_ratio": target,
    }


def main() -> int:
    current_app.conf.task_always_eager = True
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from bench import figures

        # `python -m bench.run NAME…` measures only those figures and keeps the others.
        wanted = set(sys.argv[1:])
        results = json.loads(RESULTS.read_text()) if wanted and RESULTS.exists() else {}
        for name, measure in figures.ALL:
            if wanted and name not in wanted:
                continue
            print(f"measuring {name} …", flush=True)
            results[name] = measure()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print()
    print(f"{'figure':40} {'value':>12} {'unit':14} {'baseline':>12} {'ratio':>7} {'target':>7}")
    for name, row in results.items():
        target = row["target_ratio"]
        verdict = "reported" if target is None else ("ok" if row["ratio"] >= target else "BELOW")
        print(
            f"{name:40} {row['value']:>12} {row['unit']:14} {row['baseline_value']:>12} "
            f"{row['ratio']:>7} {str(target):>7} {verdict}"
        )
        print(f"    baseline: {row['baseline']}")
    print(f"\nwritten to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
