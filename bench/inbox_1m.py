"""The review inbox at a million claims (issue 14, point 9), in a subprocess of its own.

    python -m bench.inbox_1m DATABASE_URL

Runs on a `make seed-bench` database (1M approved claims, 200k candidates, 50k articles; or a
smaller seed for the query count). Applies this branch's migrations (the inbox indexes), logs
in a bench editor, then times the whole inbox request through Django's handler (page 1 and
page 3, unfiltered, as an open tab re-polls it) beside a bare render of the same 30 rows (one
`.values()` query by id and a one-line template), in alternating rounds. Prints one JSON line
`RESULT {...}` with the server times, the query count and EXPLAIN ANALYZE of the page query.
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

URL = sys.argv[1]
os.environ["DATABASE_URL"] = URL
os.environ["DATABASE_CONN_MAX_AGE"] = "600"
os.environ["CELERY_BROKER_URL"] = ""

from bench.run import paired_rates  # noqa: E402, I001  (sets up Django on DATABASE_URL)
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template import Context, Template  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from claims.models import Claim, ReviewStatus  # noqa: E402
from curation.models import Article  # noqa: E402

BARE = Template(
    "<table>{% for row in rows %}<tr><td>{{ row.published_at }}</td><td>{{ row.title }}</td>"
    "</tr>{% endfor %}</table>"
)
PAGES = {"page_1": {}, "page_3": {"page": "3"}}


def main() -> dict[str, Any]:
    call_command("migrate", "--noinput", verbosity=0)
    editor, _ = User.objects.get_or_create(username="bench-editor")
    editor.groups.add(Group.objects.get(name="editor"))
    client = Client(HTTP_ACCEPT_LANGUAGE="ja")
    client.force_login(editor)
    result: dict[str, Any] = {
        "claims": Claim.objects.count(),
        "candidates": Claim.objects.filter(status=ReviewStatus.CANDIDATE).count(),
    }
    for name, params in PAGES.items():
        response = client.get("/review/", params)
        assert response.status_code == 200, response.status_code
        shown = [
            int(value)
            for value in response.content.decode().split('data-article="')[1:]
            for value in [value.split('"', 1)[0]]
        ]

        def ours(params: dict[str, Any] = params) -> int:
            assert client.get("/review/", params).status_code == 200
            return 1

        def baseline(ids: list[int] = shown) -> int:
            rows = list(Article.objects.filter(pk__in=ids).values("id", "title", "published_at"))
            BARE.render(Context({"rows": rows}))
            return 1

        ours_rate, base_rate = paired_rates(ours, baseline, rounds=5, min_time=0.5)
        with CaptureQueriesContext(connection) as queries:
            client.get("/review/", params)
        page_query = next(q["sql"] for q in queries.captured_queries if "LIMIT 31" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF) " + page_query)
            plan = [line for (line,) in cursor.fetchall()]
        result[name] = {
            "ms": round(1000 / ours_rate, 2),
            "bare_ms": round(1000 / base_rate, 2),
            "rows": len(shown),
            "queries": len(queries.captured_queries),
            "query_ms": [round(float(q["time"]) * 1000, 1) for q in queries.captured_queries],
            "plan": plan,
        }
    # The per-status summary loads in a request of its own after the page (every 120 s).
    started = time.perf_counter()
    assert client.get("/review/summary/").status_code == 200
    result["summary_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


if __name__ == "__main__":
    print("RESULT " + json.dumps(main(), ensure_ascii=False))
