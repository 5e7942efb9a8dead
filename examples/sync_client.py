"""A small client that keeps a local copy of Ronten's published claims in step.

    python examples/sync_client.py https://ronten.example.org --state claims.json [--token T]

The first run copies every approved claim; each later run asks only for what changed since the
last one (`changed_since`), upserts `results`, deletes `removed` (unpublished, rejected or
merged claims) and stores `next_changed_since` for the next run. It follows `next` links
(keyset cursors), waits when throttled (429, Retry-After), and saves the state only after a
pass has finished, so an interrupted run simply starts that pass again.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import httpx

EPOCH = "2000-01-01T00:00:00Z"


def fetch(client: httpx.Client, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    while True:
        response = client.get(url, params=params)
        if response.status_code == 429:
            time.sleep(float(response.headers.get("Retry-After", "1")))
            continue
        response.raise_for_status()
        return response.json()


def sync(
    base_url: str,
    state: dict[str, Any],
    *,
    token: str | None = None,
    page_size: int = 200,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any]:
    """One sync pass: returns the new state {"since": …, "claims": {id: claim}}."""
    claims: dict[str, Any] = dict(state.get("claims", {}))
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    with httpx.Client(headers=headers, timeout=30, transport=transport) as client:
        body = fetch(
            client,
            f"{base_url.rstrip('/')}/api/v1/claims/",
            {"changed_since": state.get("since", EPOCH), "page_size": page_size},
        )
        while True:
            for claim in body["results"]:
                claims[str(claim["id"])] = claim
            for gone in body["removed"]:
                claims.pop(str(gone["id"]), None)
            if not body["next"]:
                return {"since": body["next_changed_since"], "claims": claims}
            body = fetch(client, body["next"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("--state", type=Path, default=Path("ronten-claims.json"))
    parser.add_argument("--token")
    args = parser.parse_args()
    state = json.loads(args.state.read_text()) if args.state.exists() else {}
    state = sync(args.base_url, state, token=args.token)
    args.state.write_text(json.dumps(state, ensure_ascii=False, indent=1))
    print(f"{len(state['claims'])} claims; next sync from {state['since']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
