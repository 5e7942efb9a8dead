"""Two editors merging A into B and B into A at the same moment: one wins, the other gets 409."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ReviewStatus
from tests.conftest import missing_service
from tests.reliability_report import FIGURES as figures

pytestmark = [
    pytest.mark.slow,
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 10


def merge(  # type: ignore[no-untyped-def]
    barrier: threading.Barrier, results: dict[str, int], name: str, user, target, source
) -> None:
    """One editor's merge POST, started together with the other's."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    barrier.wait()
    try:
        response = client.post(
            reverse("review:merge", args=[target.pk]),
            {"version": 1, "sources": [f"{source.pk}:1"]},
        )
        results[name] = response.status_code
    finally:
        connection.close()


def test_crossed_merges_never_deadlock_into_a_500(editor, second_editor):
    if connection.vendor != "postgresql":
        missing_service("row locks and deadlock detection need PostgreSQL")
    statuses: list[int] = []
    for round_ in range(ROUNDS):
        a = Claim.objects.create(text=f"{round_ + 1}日、両国の外相は捕虜交換で合意したと述べた。")
        b = Claim.objects.create(text=f"{round_ + 1}日、両国外相が捕虜の交換に合意したという。")
        barrier = threading.Barrier(2)
        results: dict[str, int] = {}

        threads = [
            threading.Thread(target=merge, args=(barrier, results, "a<-b", editor, a, b)),
            threading.Thread(target=merge, args=(barrier, results, "b<-a", second_editor, b, a)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)

        statuses.extend(results.values())
        figures.add("requests served", len(results))
        figures.add("requests failed (5xx)", sum(status >= 500 for status in results.values()))
        a.refresh_from_db()
        b.refresh_from_db()
        merged = [claim for claim in (a, b) if claim.status == ReviewStatus.MERGED]
        # An acknowledged merge (302) that is not in the database would be a lost write.
        figures.add("rows lost", list(results.values()).count(302) - len(merged))
        assert sorted(results.values()) == [302, 409], results
        assert len(merged) == 1  # exactly one merge happened, the other changed nothing
        survivor = b if merged[0] == a else a
        assert survivor.status != ReviewStatus.MERGED and merged[0].merged_into == survivor
    assert statuses.count(500) == 0
