import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, ReviewStatus
from curation.models import Article, Feed

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
DEMO_SITE = Path(__file__).resolve().parents[1] / "demo" / "site"


def run_json(capsys, *args: str) -> dict:
    call_command("extract_claims", *args, "--json")
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_extract_claims_prints_the_design_contract(capsys):
    report = run_json(capsys, str(DEMO_SITE / "call-feb12.html"))

    article = report["article"]
    assert set(article) >= {"title", "published", "outlet", "encoding", "citations"}
    assert article["published"] == "2025-02-13"
    assert article["encoding"] == "utf-8"
    assert report["claims"]
    for claim in report["claims"]:
        assert set(claim) >= {
            "text",
            "time_expression",
            "event_date",
            "actors",
            "issues",
            "modality",
            "quote",
        }
        assert set(claim["quote"]) == {"exact", "start", "end"}
        if claim["event_date"]:
            assert set(claim["event_date"]) == {"start", "end", "precision"}
    call = [
        c for c in report["claims"] if c["event_date"] and c["event_date"]["start"] == "2025-02-12"
    ]
    assert any({"trump", "putin"} <= set(c["actors"]) for c in call)


@pytest.mark.django_db
def test_extract_claims_stores_nothing(capsys):
    run_json(capsys, str(DEMO_SITE / "riyadh-talks.html"))

    assert not Article.objects.exists()
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_extract_claims_reads_shift_jis_files_with_only_a_meta_charset(capsys):
    report = run_json(capsys, str(DEMO_SITE / "kellogg-sjis.html"))

    assert report["article"]["encoding"] == "cp932"
    assert any("kellogg" in claim["actors"] for claim in report["claims"])


@pytest.mark.django_db
@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared seeds are not beside the checkout")
def test_extract_claims_on_the_seed_page(capsys):
    seed = sorted(SEEDS.glob("*.txt"))[0]

    report = run_json(capsys, str(seed), "--published", "2025-02-20")

    citations = report["article"]["citations"]
    assert [c["published"] for c in citations] == ["2025-02-10", "2025-02-19"]
    assert "jp.reuters.com" in citations[0]["url"]
    call = [
        c for c in report["claims"] if c["time_expression"] and "2月12日" in c["time_expression"]
    ]
    assert call and call[0]["event_date"]["start"] == "2025-02-12"
    assert {"trump", "putin"} <= set(call[0]["actors"])


def test_extract_claims_on_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract_claims", "/nonexistent/page.html", "--json")


@pytest.mark.django_db
def test_ingest_url_refuses_private_addresses(settings):
    settings.FETCH_ALLOWED_HOSTS = []

    with pytest.raises(CommandError, match="(?i)non-public|private|loopback|refus"):
        call_command("ingest_url", "http://127.0.0.1:8000/admin/")
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_add_feed_and_poll_now(demo_site, capsys, django_capture_on_commit_callbacks):
    call_command("add_feed", demo_site.url("feed.xml"), "--every", "30m", "--keyword", "ウクライナ")
    feed = Feed.objects.get()
    assert feed.interval.total_seconds() == 1800

    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_feeds", "--now")

    assert Article.objects.fetched().count() >= 1
    assert "new page" in capsys.readouterr().out


def test_add_feed_rejects_a_bad_interval():
    with pytest.raises(CommandError, match="--every"):
        call_command("add_feed", "http://127.0.0.1/feed.xml", "--every", "soon")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_load_demo_ingests_the_site_and_approves_a_handful(settings, capsys):
    settings.DEBUG = True

    call_command("load_demo")
    call_command("load_demo")

    from demo.timeline_claims import CLAIMS as TIMELINE_CLAIMS

    # the eight demo pages, and the two articles of the timeline's demo claims
    assert Article.objects.fetched().count() == 8 + 2
    approved = Claim.objects.filter(status=ReviewStatus.APPROVED).count() - len(TIMELINE_CLAIMS)
    assert 5 <= approved <= 16
    assert Claim.objects.filter(status=ReviewStatus.CANDIDATE).count() > approved
    assert "editor / ronten-editor" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_migrated_lexicon_is_the_engines_default_lexicon():
    from claims import extraction
    from claims.services.candidates import lexicon_from_database

    stored = lexicon_from_database()

    assert {i.slug: set(i.keywords) for i in stored.issues} == {
        i.slug: set(i.keywords) for i in extraction.DEFAULT_LEXICON.issues
    }


@pytest.mark.django_db
def test_actors_added_after_the_first_seed_carry_their_full_english_names():
    from claims.models import Actor

    assert Actor.objects.get(slug="bessent").name_en == "Scott Bessent"
    assert "カラス上級代表" in Actor.objects.get(slug="kallas").aliases
