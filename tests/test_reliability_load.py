"""A load run against gunicorn on 127.0.0.1 (60 s, `make reliability` only).

50 API clients read (each with its own read token) and 10 editors edit and approve claims
through the API (each with a write token, If-Match from the claim they just read) while new
pages are ingested. Then: no 5xx, and every write the server acknowledged (a 2xx with the new
ETag) is in the database: its history row at that version, and the claim's text the last
acknowledged edit's. p50/p99 of the request times go into the table.
"""

from __future__ import annotations

import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from django.contrib.auth.models import Group, User
from django.db import connection, connections

from apitokens.models import Scope
from apitokens.services import create_token
from claims.models import Claim, ClaimHistory
from tests.factories import ingest_demo_page
from tests.reliability_report import FIGURES as figures

pytestmark = [
    pytest.mark.slow,
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # A minute of load: deselected outside `make reliability` (tests/conftest.py).
    pytest.mark.long_fault,
]

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("RONTEN_LOAD_SECONDS", "60"))
READERS, EDITORS = 50, 10
FIRST_PAGES = ["call-feb12.html", "riyadh-talks.html", "munich-eucjp.html"]
LATER_PAGES = ["aggregator-feb.html", "minerals-deal.html", "energy-ceasefire.html"]
ETAG = re.compile(r'"claim-(\d+)-v(\d+)"')


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # (claim id, version) the server acknowledged, and the text of each acknowledged edit
    acknowledged: list[tuple[int, int, str | None]] = field(default_factory=list)

    def record(self, response: httpx.Response | None, seconds: float, what: str) -> None:
        with self.lock:
            self.times.append(seconds)
            status = response.status_code if response is not None else 0
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if response is None or response.status_code >= 500:
                self.errors.append(f"{what}: {status}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url() -> str:
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )


@pytest.fixture
def gunicorn():
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "API_THROTTLE_TOKEN": "1000000/min",  # the run measures the server, not the limiter
        "API_THROTTLE_ANONYMOUS": "1000000/min",
        "DATABASE_CONN_MAX_AGE": "60",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "3",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/v1/issues/", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("gunicorn did not answer: " + (process.stderr.read() if process.stderr else ""))
    yield base
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _reader(base: str, token: str, claim_ids: list[int], stop: float, tally: Tally) -> None:
    paths = ["/api/v1/claims/?page_size=20", "/api/v1/articles/", "/api/v1/issues/"]
    with httpx.Client(base_url=base, headers={"Authorization": f"Token {token}"}) as client:
        while time.monotonic() < stop:
            path = random.choice(paths + [f"/api/v1/claims/{random.choice(claim_ids)}/"])
            started = time.monotonic()
            try:
                response: httpx.Response | None = client.get(path, timeout=30)
            except httpx.HTTPError:
                response = None
            tally.record(response, time.monotonic() - started, f"GET {path}")


def _editor(base: str, token: str, claim_ids: list[int], stop: float, tally: Tally) -> None:
    rng = random.Random(token)
    number = 0
    with httpx.Client(base_url=base, headers={"Authorization": f"Token {token}"}) as client:
        while time.monotonic() < stop:
            claim_id = rng.choice(claim_ids)
            started = time.monotonic()
            try:
                read = client.get(f"/api/v1/claims/{claim_id}/", timeout=30)
            except httpx.HTTPError:
                tally.record(None, time.monotonic() - started, "GET claim")
                continue
            tally.record(read, time.monotonic() - started, "GET claim")
            if read.status_code != 200:
                continue
            number += 1
            text: str | None = None
            if read.json().get("status") == "candidate" and rng.random() < 0.3:
                path, body = f"/api/v1/claims/{claim_id}/status/", {"status": "approved"}
                send = client.post
            else:
                text = f"負荷試験で{token[-6:]}が{number}回目に書き直した主張。"
                path, body, send = f"/api/v1/claims/{claim_id}/", {"text": text}, client.patch
            started = time.monotonic()
            try:
                response: httpx.Response | None = send(
                    path, json=body, headers={"If-Match": read.headers["ETag"]}, timeout=30
                )
            except httpx.HTTPError:
                response = None
            tally.record(response, time.monotonic() - started, f"write {path}")
            if response is not None and response.status_code in (200, 201):
                match = ETAG.fullmatch(response.headers.get("ETag", ""))
                assert match, response.headers
                with tally.lock:
                    tally.acknowledged.append((int(match[1]), int(match[2]), text))


def _ingest(demo_site: object, stop: float, done: list[str]) -> None:
    try:
        pause = SECONDS / (len(LATER_PAGES) + 1)
        for name in LATER_PAGES:
            time.sleep(pause)
            if time.monotonic() >= stop:
                break
            article = ingest_demo_page(demo_site, name)  # type: ignore[arg-type]
            done.append(f"{name}:{article.status}")
    finally:
        connections.close_all()


def test_fifty_readers_and_ten_editors_while_ingesting(demo_site, gunicorn):
    editor_group = Group.objects.get(name="editor")
    for name in FIRST_PAGES:
        ingest_demo_page(demo_site, name)
    claim_ids = list(Claim.objects.filter(merged_into=None).values_list("pk", flat=True))
    assert len(claim_ids) >= 10
    reader = User.objects.create_user("load-reader", password="load-reader-pw")
    reader.groups.add(Group.objects.get(name="api_client"))
    read_tokens = [
        create_token(user=reader, name=f"load-{n}", scope=Scope.READ)[1] for n in range(READERS)
    ]
    write_tokens = []
    for n in range(EDITORS):
        user = User.objects.create_user(f"load-editor-{n}", password=f"load-editor-pw-{n}")
        user.groups.add(editor_group)
        write_tokens.append(create_token(user=user, name="load", scope=Scope.WRITE)[1])

    tally, ingested = Tally(), []
    stop = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=_reader, args=(gunicorn, token, claim_ids, stop, tally))
        for token in read_tokens
    ] + [
        threading.Thread(target=_editor, args=(gunicorn, token, claim_ids, stop, tally))
        for token in write_tokens
    ]
    threads.append(threading.Thread(target=_ingest, args=(demo_site, stop, ingested)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 120)
    assert not any(thread.is_alive() for thread in threads)

    lost = []
    last_edit: dict[int, tuple[int, str]] = {}
    for claim_id, version, text in tally.acknowledged:
        if not ClaimHistory.objects.filter(claim_id=claim_id, version=version).exists():
            lost.append(f"claim {claim_id} v{version}: no history row")
        if text is not None and version > last_edit.get(claim_id, (0, ""))[0]:
            last_edit[claim_id] = (version, text)
    for claim_id, (version, text) in last_edit.items():
        claim = Claim.objects.get(pk=claim_id)
        newest = max(v for c, v, _ in tally.acknowledged if c == claim_id)
        if claim.version < newest or (newest == version and claim.text != text):
            lost.append(f"claim {claim_id}: v{claim.version} {claim.text!r}, acknowledged {text!r}")

    times = sorted(tally.times)
    served = len(times)
    failed = sum(count for status, count in tally.statuses.items() if status >= 500 or not status)
    p50, p99 = times[served // 2], times[min(served - 1, int(served * 0.99))]
    figures.add("requests served", served)
    figures.add("requests failed (5xx)", failed)
    figures.add("load run: requests", served)
    figures.add("load run: acknowledged writes", len(tally.acknowledged))
    figures.add("load run: lost edits", len(lost))
    figures.add("rows lost", len(lost))
    figures.peak("load run: p50 ms", round(p50 * 1000, 1))
    figures.peak("load run: p99 ms", round(p99 * 1000, 1))
    figures.peak("load run: requests per second", round(served / SECONDS, 1))
    print(f"load run: {served} requests, statuses {tally.statuses}, ingested {ingested}")

    assert not tally.errors, tally.errors[:20]
    assert not lost, lost[:20]
    assert tally.acknowledged, "no write was acknowledged: the editors never got through"
    assert ingested, "no page was ingested during the run"
