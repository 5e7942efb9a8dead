"""The claims API at a million claims under gunicorn (`make bench` runs this in a subprocess).

    python -m bench.api_1m load|queries DATABASE_URL

`load`: gunicorn (2 sync workers) serves the API and, beside it, a bare view returning the
same 50 rows through one `.values()` query and `JsonResponse`; 16 concurrent connections
request (a) the claims list filtered by one issue and a date range and (b) a page 200 deep
(a cursor 9,950 claims in), alternating API and bare view in rounds. Prints requests/s, p50 and
p99 of each, twice: as served (a page is built once per change of the claims) and "cold" (with
RONTEN_PUBLISHED_CACHE_SECONDS=0, every request builds its page). `queries`: the API's query
count for both requests (in-process), building the page and served again.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

MODE, URL = sys.argv[1], sys.argv[2]
ROOT = Path(__file__).resolve().parent.parent
SERVER_ENV = {
    **os.environ,
    "DATABASE_URL": URL,
    "DATABASE_CONN_MAX_AGE": "600",
    "CELERY_BROKER_URL": "",
    "API_THROTTLE_CACHE_URL": "",
    # Throttling still runs (its cost is part of the API's), with limits a benchmark never hits.
    "API_THROTTLE_ANONYMOUS": "100000000/min",
    "API_THROTTLE_TOKEN": "100000000/min",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_STATIC_MANIFEST": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

import bench.run  # noqa: E402, F401  (sets up Django on DATABASE_URL)

CONNECTIONS = 16
ROUND_SECONDS = float(os.environ.get("BENCH_API_ROUND_SECONDS", "6"))
ROUNDS = int(os.environ.get("BENCH_API_ROUNDS", "2"))
FILTERED = {"issue": "territory", "date_from": "2024-03-01", "date_to": "2024-03-31"}
DEEP_PAGE = 200


def scenarios() -> dict[str, dict[str, Any]]:
    """The two requests, the ids of the 50 rows each returns, and the bare view's URL."""
    from claims.models import UNDATED_KEY
    from timeline.sync import Cursor

    client = Client()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(event_start, event_end, %s), id FROM claims_claim WHERE status = 'approved' "
            "ORDER BY 1, 2 OFFSET %s LIMIT 1",
            [UNDATED_KEY, (DEEP_PAGE - 1) * 50 - 1],
        )
        start, claim_id = cursor.fetchone()
    deep = {"cursor": Cursor("timeline", (start, claim_id)).encode()}
    found = {}
    for name, params in (("filtered", FILTERED), ("page_200", deep)):
        path = "/api/v1/claims/?" + urlencode(params)
        response = client.get(path)
        assert response.status_code == 200, response.content[:300]
        ids = [item["id"] for item in response.json()["results"]]
        assert len(ids) == 50, (name, len(ids))
        with CaptureQueriesContext(connection) as served:
            client.get(path)
        with (
            override_settings(RONTEN_PUBLISHED_CACHE_SECONDS=0),
            CaptureQueriesContext(connection) as built,
        ):
            client.get(path)
        found[name] = {
            "api": path,
            "bare": "/bare/claims/?ids=" + ",".join(map(str, ids)),
            "queries": len(built.captured_queries),
            "queries_served": len(served.captured_queries),
            "sql": [q["sql"] for q in built.captured_queries],
        }
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def hammer(port: int, path: str, seconds: float) -> tuple[int, list[float], int]:
    """CONNECTIONS clients in a loop for `seconds`: requests done, latencies, failures."""
    latencies: list[float] = []
    failures = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        mine: list[float] = []
        bad = 0
        while time.perf_counter() < stop:
            started = time.perf_counter()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                conn.close()
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)
            failures[0] += bad

    threads = [threading.Thread(target=client) for _ in range(CONNECTIONS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return round(len(latencies) / elapsed), latencies, failures[0]


def summary(runs: list[tuple[int, list[float], int]]) -> dict[str, Any]:
    latencies = sorted(value for _, values, _ in runs for value in values)
    return {
        "requests_per_s": round(statistics.median(rate for rate, _, _ in runs), 1),
        "p50_ms": round(1000 * latencies[len(latencies) // 2], 1),
        "p99_ms": round(1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))], 1),
        "requests": len(latencies),
        "failures": sum(bad for _, _, bad in runs),
    }


def load() -> dict[str, Any]:
    """Both scenarios on a server as configured (rendered pages kept per change of the
    claims) and on one that builds every page (RONTEN_PUBLISHED_CACHE_SECONDS=0)."""
    found = scenarios()
    return {
        "served": serve_and_measure(found, {}),
        "cold": serve_and_measure(found, {"RONTEN_PUBLISHED_CACHE_SECONDS": "0"}),
    }


def serve_and_measure(found: dict[str, dict[str, Any]], settings: dict[str, str]) -> dict[str, Any]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--backlog",
            "256",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**SERVER_ENV, **settings, "DJANGO_SETTINGS_MODULE": "bench.api_server"},
    )
    try:
        deadline = time.time() + 30
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/issues/")
                if conn.getresponse().status == 200:
                    break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        result: dict[str, Any] = {}
        for name, scenario in found.items():
            hammer(port, scenario["api"], 1.0)  # warm both workers' connections
            hammer(port, scenario["bare"], 1.0)
            ours, bare = [], []
            for _ in range(ROUNDS):
                ours.append(hammer(port, scenario["api"], ROUND_SECONDS))
                bare.append(hammer(port, scenario["bare"], ROUND_SECONDS))
            result[name] = {
                "api": summary(ours),
                "bare": summary(bare),
                "queries": scenario["queries"],
                "queries_served": scenario["queries_served"],
            }
        return result
    finally:
        server.terminate()
        server.wait(timeout=30)


def queries() -> dict[str, Any]:
    return {name: scenario["queries"] for name, scenario in scenarios().items()}


if __name__ == "__main__":
    out = load() if MODE == "load" else queries()
    print("RESULT " + json.dumps(out, ensure_ascii=False))
