"""`make seed-bench`: a dedicated PostgreSQL database with a million approved claims.

    python -m bench.seed [--claims N] [--force]

Creates the database named by BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/ronten_bench), migrates it, and generates in SQL:
N approved claims plus 20 % candidates, each with 1–3 issues, 1–4 actors and 1–3 evidence rows
over 50,000 articles of 20 outlets, with every date precision. Secondary indexes are dropped
during the load and rebuilt after it. A finished seed is recorded in the table `bench_seed`
and reused when the same N is asked for again (``--force`` seeds anew).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/ronten_bench"
ROOT = Path(__file__).resolve().parent.parent
ARTICLES = 50_000
OUTLETS = 20
TABLES = (
    "claims_claim",
    "claims_claim_issues",
    "claims_claim_actors",
    "claims_evidence",
    "curation_article",
)
# Words of the generated claims, so that `q` finds some and not others.
WORDS = (
    "停戦",
    "領土",
    "鉱物資源",
    "捕虜交換",
    "制裁解除",
    "安全の保証",
    "大統領選挙",
    "NATO加盟",
    "エネルギー施設",
    "平和維持部隊",
    "首脳会談",
    "原子力発電所",
)


def bench_url(claims: int | None = None) -> str:
    """BENCH_DATABASE_URL, or for a smaller seed, the same server with `_<N>` appended."""
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if claims is None or claims == 1_000_000:
        return url
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"{parts.path}_{claims}"))


def _admin_url(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/postgres"))


def _ensure_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(_admin_url(url), autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def _migrate(url: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "1", "CELERY_BROKER_URL": ""}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def seeded(url: str) -> int | None:
    """The number of approved claims of a finished seed at `url`, or None."""
    try:
        with psycopg.connect(url) as conn:
            row = conn.execute(
                "SELECT claims FROM bench_seed WHERE finished IS NOT NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


_FILL = {
    "text": "''",
    "character varying": "''",
    "integer": "0",
    "bigint": "0",
    "smallint": "0",
    "double precision": "0",
    "boolean": "false",
    "jsonb": "'[]'::jsonb",
    "timestamp with time zone": "now()",
    "date": "current_date",
}


def _insert(conn: psycopg.Connection, table: str, values: dict[str, str], source: str) -> int:
    """INSERT … SELECT with `values` (column → SQL over `source`), every other NOT NULL column
    without a default filled by its type (so columns other branches add do not break it)."""
    required = conn.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL "
        "AND is_identity = 'NO' AND column_name <> 'id'",
        [table],
    ).fetchall()
    columns = dict(values)
    for name, data_type in required:
        columns.setdefault(name, _FILL.get(data_type, "''"))
    names = ", ".join(f'"{name}"' for name in columns)
    exprs = ", ".join(columns.values())
    cursor = conn.execute(f"INSERT INTO {table} ({names}) SELECT {exprs} FROM {source}")
    return cursor.rowcount


def _secondary_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of the loaded tables that back no constraint."""
    return conn.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i "
        "JOIN pg_class c ON c.relname = i.indexname "
        "WHERE i.tablename = ANY(%s) AND i.schemaname = 'public' "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = c.oid)",
        [list(TABLES)],
    ).fetchall()


def seed(claims: int, *, force: bool = False, log: bool = True) -> str:
    url = bench_url(claims)
    say = print if log else (lambda *args, **kwargs: None)
    if not force and seeded(url) == claims:
        say(f"{url}: {claims:,} approved claims already seeded; reused")
        return url
    started = time.perf_counter()
    _ensure_database(url)
    _migrate(url)
    candidates = claims // 5
    total = claims + candidates
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '256MB'")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_seed (id serial PRIMARY KEY, "
            "claims integer NOT NULL, started timestamptz, finished timestamptz)"
        )
        conn.execute("TRUNCATE bench_seed")
        conn.execute(
            "TRUNCATE claims_claim, claims_claim_issues, claims_claim_actors, "
            "claims_claim_speakers, claims_evidence, claims_claimhistory, curation_citation, "
            "curation_article, curation_outletdomain, curation_outlet RESTART IDENTITY CASCADE"
        )
        conn.execute("INSERT INTO bench_seed (claims, started) VALUES (%s, now())", [claims])
        indexes = _secondary_indexes(conn)
        for name, _ in indexes:
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')
        say(f"seeding {url}: {claims:,} approved + {candidates:,} candidate claims")

        _insert(
            conn,
            "curation_outlet",
            {
                "name": "'ベンチ媒体' || g",
                "slug": "'bench-outlet-' || g",
                "name_en": "'Bench ' || g",
            },
            f"generate_series(1, {OUTLETS}) g",
        )
        _insert(
            conn,
            "curation_outletdomain",
            {"domain": "'outlet' || o.id || '.bench.example'", "outlet_id": "o.id"},
            "curation_outlet o",
        )
        _insert(
            conn,
            "curation_article",
            {
                "canonical_url": "'https://outlet' || (1 + g % 20) || '.bench.example/a/' || g",
                "requested_url": "'https://outlet' || (1 + g % 20) || '.bench.example/a/' || g",
                "outlet_id": f"(SELECT min(id) FROM curation_outlet) + g % {OUTLETS}",
                "status": "'fetched'",
                "title": "'ベンチ記事 ' || g",
                "text": "'ベンチ記事の本文 ' || g",
                "fetched_at": "now()",
            },
            f"generate_series(1, {ARTICLES}) g",
        )
        say(f"  outlets and {ARTICLES:,} articles ({time.perf_counter() - started:.0f} s)")
        # Dates over 2022–2026 with every precision: 60 % days, then the others.
        words = "ARRAY[" + ", ".join(f"'{w}'" for w in WORDS) + "]"
        _insert(
            conn,
            "claims_claim",
            {
                "text": f"({words})[1 + g % {len(WORDS)}] || 'をめぐり' || "
                f"({words})[1 + (g / 7) % {len(WORDS)}] || 'について協議したとの主張 ' || g",
                "time_expression": "CASE WHEN p < 60 THEN extract(month FROM d) || '月' || "
                "extract(day FROM d) || '日' WHEN p < 70 THEN extract(month FROM d) || '月下旬' "
                "WHEN p < 78 THEN extract(month FROM d) || '月' WHEN p < 85 THEN '数日間' "
                "WHEN p < 90 THEN extract(month FROM d) || '月' || extract(day FROM d) || '日以前' "
                "WHEN p < 95 THEN extract(month FROM d) || '月' || extract(day FROM d) || '日以降' "
                "ELSE '30日以内' END",
                "event_start": "CASE WHEN p < 60 THEN d WHEN p < 70 THEN "
                "date_trunc('month', d)::date + 20 WHEN p < 78 THEN date_trunc('month', d)::date "
                "WHEN p < 85 THEN d WHEN p < 90 THEN NULL WHEN p < 95 THEN d ELSE d END",
                "event_end": "CASE WHEN p < 60 THEN d WHEN p < 70 THEN "
                "(date_trunc('month', d) + interval '1 month - 1 day')::date WHEN p < 78 THEN "
                "(date_trunc('month', d) + interval '1 month - 1 day')::date WHEN p < 85 THEN "
                "d + 3 WHEN p < 90 THEN d WHEN p < 95 THEN NULL ELSE d + 30 END",
                "date_precision": "CASE WHEN p < 60 THEN 'day' WHEN p < 70 THEN 'month_part' "
                "WHEN p < 78 THEN 'month' WHEN p < 85 THEN 'range' WHEN p < 90 THEN 'before' "
                "WHEN p < 95 THEN 'after' ELSE 'duration' END",
                "modality": "(ARRAY['asserted','reported','planned','speculative','denied'])"
                "[1 + (g / 3) % 5]",
                "confidence": "0.8",
                "status": f"CASE WHEN g <= {claims} THEN 'approved' ELSE 'candidate' END",
                "version": "1",
                "created_at": "now()",
                "updated_at": "now()",
            },
            # A permuted position (g * 7919 mod total) spreads dates over ids, as in real data.
            f"(SELECT g, (g * 37) % 100 AS p, DATE '2022-01-01' + ((g::bigint * 7919) "
            f"% 1826)::int AS d FROM generate_series(1, {total}) g) s",
        )
        say(f"  {total:,} claims ({time.perf_counter() - started:.0f} s)")
        _insert(
            conn,
            "claims_claim_issues",
            {
                "claim_id": "c.id",
                "issue_id": "(SELECT array_agg(id ORDER BY id) FROM claims_issue)"
                "[1 + (c.id * 7 + j * 5) % (SELECT count(*) FROM claims_issue)]",
            },
            "claims_claim c CROSS JOIN LATERAL generate_series(0, c.id % 3) j",
        )
        _insert(
            conn,
            "claims_claim_actors",
            {
                "claim_id": "c.id",
                "actor_id": "(SELECT array_agg(id ORDER BY id) FROM claims_actor)"
                "[1 + (c.id * 13 + j * 17) % (SELECT count(*) FROM claims_actor)]",
            },
            "claims_claim c CROSS JOIN LATERAL generate_series(0, (c.id / 5) % 4) j",
        )
        say(f"  issues and actors ({time.perf_counter() - started:.0f} s)")
        _insert(
            conn,
            "claims_evidence",
            {
                "claim_id": "c.id",
                "article_id": f"(SELECT min(id) FROM curation_article) + "
                f"(c.id * 31 + j * 7919) % {ARTICLES}",
                "exact": "c.text",
                "start": "j * 100",
                "end": "j * 100 + 20",
                "stance": "'supports'",
                "origin": "'editor'",
                "anchor_ok": "true",
                "created_at": "now()",
            },
            "claims_claim c CROSS JOIN LATERAL generate_series(0, (c.id / 11) % 3) j",
        )
        say(f"  evidence ({time.perf_counter() - started:.0f} s)")
        for _name, definition in indexes:
            conn.execute(definition)
        say(f"  {len(indexes)} indexes rebuilt ({time.perf_counter() - started:.0f} s)")
        for table in TABLES:
            conn.execute(f"VACUUM ANALYZE {table}")
        conn.execute("UPDATE bench_seed SET finished = now()")
    say(f"seeded in {time.perf_counter() - started:.0f} s")
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--force", action="store_true")
    args = parser.parse_args(argv)
    seed(args.claims, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
