"""Ingestion, `extract_claims` and `make eval` read a page the same way (issue 15): the same
text, the same publication date and the same section dates from the same bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims.page_report import load_page
from curation.fetching import FetchResult
from curation.parsing import media_type_for_name
from curation.services.fetching import read_page
from eval import documents

PAGES = Path(__file__).parent / "evalset" / "pages"
PAGE_FILES = sorted(
    path for path in PAGES.iterdir() if path.suffix in (".html", ".txt") and path.is_file()
)


def as_served(path: Path, url: str) -> FetchResult:
    """The page as a server would send it: its bytes, with the media type its name implies."""
    media_type = media_type_for_name(path.name) or ""
    return FetchResult(
        requested_url=url,
        final_url=url,
        status_code=200,
        headers={"content-type": media_type},
        body=path.read_bytes(),
        content_type=media_type,
        charset=None,
        etag=None,
        last_modified=None,
    )


@pytest.mark.parametrize("path", PAGE_FILES, ids=lambda path: path.name)
def test_ingestion_the_cli_and_the_evaluation_read_a_page_alike(path: Path) -> None:
    labels = json.loads(path.with_name(path.stem + ".labels.json").read_text(encoding="utf-8"))
    url = labels["url"]
    parser = documents.load_page_parser()
    assert parser is not None

    ingested = read_page(as_served(path, url)).parsed
    command = load_page(
        path.read_bytes(), url=url, media_type=media_type_for_name(path.name)
    ).parsed
    evaluated = documents.parse_page(path, labels, parser)

    assert ingested is not None
    assert ingested.text == command.text == evaluated.text
    assert ingested.published_at == command.published_at
    section_dates = [(s.start, s.published) for s in ingested.sections if s.published]
    assert section_dates == [(s.start, s.published) for s in command.sections if s.published]
    assert section_dates == evaluated.reference_dates
