"""The timeline and its CSV export at a million claims (`make bench` runs this in a subprocess).

    python -m bench.timeline_1m page|export DATABASE_URL

Prints one JSON object. `page`: server time of the timeline page (the whole request through
Django's handler, anonymous public read) filtered by one issue and by issue + date range, beside
a bare render of the same 50 rows (one `.values()` query by id and a one-line template), in
alternating rounds: as served (the results are rendered once per change of the claims) and
cold (RONTEN_PUBLISHED_CACHE_SECONDS=0: every request renders them); the query count of both;
EXPLAIN ANALYZE of the page's claims query. `export`: the
CSV export of every approved claim, time to first byte, rows per second and the process's peak
memory, beside PostgreSQL's own `COPY … TO STDOUT` of the same columns.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any
from urllib.parse import urlencode

MODE, URL = sys.argv[1], sys.argv[2]
os.environ["DATABASE_URL"] = URL
os.environ["DATABASE_CONN_MAX_AGE"] = "600"
os.environ["CELERY_BROKER_URL"] = ""

from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

from bench.run import paired_rates  # noqa: E402  (sets up Django on DATABASE_URL)
from claims.models import Claim  # noqa: E402
from timeline.filters import TimelineFilter  # noqa: E402
from timeline.selectors import keyset_page  # noqa: E402

SCENARIOS = {
    "issue": {"issue": "territory"},
    "issue_dates": {"issue": "territory", "date_from": "2024-03-01", "date_to": "2024-03-31"},
}
BARE = Template(
    "<ol>{% for row in rows %}<li><time>{{ row.event_start }}</time> {{ row.text }}</li>"
    "{% endfor %}</ol>"
)


def page() -> dict[str, Any]:
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    result: dict[str, Any] = {"approved_claims": Claim.objects.approved().count()}
    for name, params in SCENARIOS.items():
        claim_filter = TimelineFilter(
            QueryDict(urlencode(params)), queryset=Claim.objects.approved()
        )
        assert claim_filter.is_valid(), claim_filter.errors
        ids = [claim.pk for claim in keyset_page(claim_filter.qs).claims]
        assert client.get("/timeline/", params).status_code == 200  # warm (counts cached)

        def ours(params: dict[str, Any] = params) -> int:
            response = client.get("/timeline/", params)
            assert response.status_code == 200
            return 1

        def baseline(ids: list[int] = ids) -> int:
            rows = list(
                Claim.objects.filter(pk__in=ids)
                .order_by("event_start", "id")
                .values("id", "text", "event_start")
            )
            BARE.render(Context({"rows": rows}))
            return 1

        ours_rate, base_rate = paired_rates(ours, baseline, rounds=5, min_time=0.5)
        with override_settings(RONTEN_PUBLISHED_CACHE_SECONDS=0):
            cold_rate, cold_base_rate = paired_rates(ours, baseline, rounds=5, min_time=0.5)
            with CaptureQueriesContext(connection) as queries:
                client.get("/timeline/", params)
        with CaptureQueriesContext(connection) as served:
            client.get("/timeline/", params)
        main = next(q["sql"] for q in queries.captured_queries if "LIMIT 51" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + main)
            plan = [line for (line,) in cursor.fetchall()]
        result[name] = {
            "ms": round(1000 / ours_rate, 2),
            "bare_ms": round(1000 / base_rate, 2),
            "cold_ms": round(1000 / cold_rate, 2),
            "cold_bare_ms": round(1000 / cold_base_rate, 2),
            "rows": len(ids),
            "queries": len(queries.captured_queries),
            "queries_served": len(served.captured_queries),
            "plan": plan,
        }
    return result


def export() -> dict[str, Any]:
    client = Client()
    started = time.perf_counter()
    response = client.get("/timeline/export.csv")
    # The test client's response type does not say that this one streams.
    chunks = iter(response.streaming_content)  # type: ignore[attr-defined]
    first = next(chunks)
    ttfb = time.perf_counter() - started
    lines = first.count(b"\n")
    size = len(first)
    for chunk in chunks:
        lines += chunk.count(b"\n")
        size += len(chunk)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = Claim.objects.approved().count()
    copy_started = time.perf_counter()
    copied = 0
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(
            "COPY (SELECT id, event_start, event_end, date_precision, time_expression, modality,"
            " text, gloss_en FROM claims_claim WHERE status = 'approved'"
            " ORDER BY COALESCE(event_start, event_end, '9999-12-31'), id) TO STDOUT WITH CSV"
        ) as copy:
            for block in copy:
                copied += bytes(block).count(b"\n")
    copy_elapsed = time.perf_counter() - copy_started
    return {
        "rows": rows,
        "csv_lines": lines,
        "bytes": size,
        "ttfb_s": round(ttfb, 3),
        "total_s": round(elapsed, 1),
        "rows_per_s": round(rows / elapsed, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "copy_rows_per_s": round(copied / copy_elapsed, 1),
        "copy_s": round(copy_elapsed, 1),
    }


if __name__ == "__main__":
    out = page() if MODE == "page" else export()
    print("RESULT " + json.dumps(out, ensure_ascii=False))
