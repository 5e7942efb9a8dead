"""The editors' workspace in real Chromium: anchoring, picking, bulk keys, merges, conflicts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from claims import selectors, services
from claims.models import Claim, Evidence, ReviewStatus
from curation.models import Article
from tests.browsing import ARTIFACTS, login
from tests.factories import ingest_demo_page

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Selects `passage` inside the article text as a reader would, then lets go of the mouse.
SELECT_PASSAGE = """(passage) => {
    const paragraphs = document.querySelectorAll("article.source p[data-offset]");
    for (const paragraph of paragraphs) {
        const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(passage);
            if (at >= 0) {
                const range = document.createRange();
                range.setStart(node, at);
                range.setEnd(node, at + passage.length);
                const selection = window.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                node.parentElement.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
                return true;
            }
        }
    }
    return false;
}"""


def claim_stating(article: Article, fragment: str) -> Claim:
    return (
        Claim.objects.filter(evidence__article=article, text__contains=fragment)
        .order_by("pk")
        .first()
    )


def test_editor_selects_a_passage_and_creates_a_claim(browser, live_server, editor, demo_site):
    article = ingest_demo_page(demo_site, "aggregator-feb.html")
    passage = "ロシア直接投資基金のドミトリエフ総裁"
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")

    assert page.evaluate(SELECT_PASSAGE, passage)
    panel = page.locator("#selection-panel")
    expect(panel).to_be_visible()
    expect(panel.locator("[data-quote]")).to_have_text(passage)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workspace-reader.png"), full_page=False)
    panel.locator("button.create-claim").click()
    page.wait_for_load_state()

    evidence = Evidence.objects.get(article=article, origin=Evidence.Origin.EDITOR)
    assert evidence.exact == passage
    assert article.text[evidence.start : evidence.end] == passage
    expect(page.locator(f"#claim-{evidence.claim_id}")).to_be_visible()


def test_editor_attaches_a_passage_to_an_existing_claim_through_the_picker(
    browser, live_server, editor, demo_site
):
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    aggregator = ingest_demo_page(demo_site, "aggregator-feb.html")
    claim = claim_stating(riyadh, "ラブロフ外相は協議を")
    passage = "ルビオ国務長官とラブロフ外相は18日、リヤドで会談し"
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{aggregator.pk}/")

    assert page.evaluate(SELECT_PASSAGE, passage)
    panel = page.locator("#selection-panel")
    panel.locator("select[name=stance]").select_option("mentions")
    panel.locator("input[name=q]").fill("ラブロフ 有益")
    choice = panel.locator(f"#picker-results button[value='{claim.pk}:1']")
    expect(choice).to_be_visible()
    choice.click()

    expect(page).to_have_url(f"{live_server.url}/review/claims/{claim.pk}/")
    evidence = claim.evidence.get(article=aggregator)
    assert (evidence.exact, evidence.stance) == (passage, "mentions")
    expect(page.locator(f"li[data-evidence='{evidence.pk}']")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "claim-page.png"), full_page=True)


def test_keyboard_review_of_a_queue_of_twenty_candidates(browser, live_server, editor, demo_site):
    article = ingest_demo_page(demo_site, "aggregator-feb.html")
    queue = list(Claim.objects.filter(evidence__article=article).order_by("evidence__start"))[:20]
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")

    # One j to start; after each decision the focus moves on to the next claim by itself.
    page.keyboard.press("j")
    for index, claim in enumerate(queue[:16]):
        expect(page.locator(f"#claim-{claim.pk}")).to_have_class(re.compile(r"\bfocus\b"))
        page.keyboard.press("a" if index % 2 == 0 else "r")
        expected = "approved" if index % 2 == 0 else "rejected"
        expect(page.locator(f"#claim-{claim.pk}")).to_have_attribute("data-status", expected)
    for claim in queue[16:]:
        expect(page.locator(f"#claim-{claim.pk}")).to_have_class(re.compile(r"\bfocus\b"))
        page.keyboard.press("x")
        page.keyboard.press("j")
    expect(page.locator(".bulk-count")).to_have_text("4")
    page.locator("button.bulk-approve").click()
    for claim in queue[16:]:
        expect(page.locator(f"#claim-{claim.pk}")).to_have_attribute("data-status", "approved")

    statuses = dict(Claim.objects.filter(pk__in=[c.pk for c in queue]).values_list("pk", "status"))
    assert [statuses[c.pk] for c in queue] == ["approved", "rejected"] * 8 + ["approved"] * 4


def test_keys_skip_published_claims_and_withdrawing_one_asks_why_and_can_be_undone(
    browser, live_server, editor, demo_site
):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    first, second, third = selectors.get_article_for_review(editor, article.pk).claims[:3]
    services.approve_claim(claim=second, user=editor, expected_version=1)
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")
    focused = re.compile(r"\bfocus\b")

    page.keyboard.press("j")
    expect(page.locator(f"#claim-{first.pk}")).to_have_class(focused)
    page.keyboard.press("j")  # the published claim is skipped
    expect(page.locator(f"#claim-{third.pk}")).to_have_class(focused)
    page.locator("#review-all").check()
    page.keyboard.press("k")  # with every claim shown, k stops on it
    published = page.locator(f"#claim-{second.pk}")
    expect(published).to_have_class(focused)

    page.keyboard.press("r")  # asks for a reason instead of withdrawing
    reason = published.locator("input.withdraw-reason")
    expect(reason).to_be_focused()
    expect(published).to_have_attribute("data-status", "approved")
    reason.fill("日付の読み違い")
    reason.press("Enter")
    expect(published).to_have_attribute("data-status", "rejected")
    notice = published.locator(".undo-notice")
    expect(notice).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "workspace-undo.png"), full_page=False)
    page.keyboard.press("u")
    expect(published).to_have_attribute("data-status", "approved")
    second.refresh_from_db()
    assert (second.status, second.version, second.reviewed_by) == ("approved", 4, editor)
    assert list(second.history.order_by("version").values_list("action", "note"))[-2:] == [
        ("rejected", "日付の読み違い"),
        ("reverted", "undo v3 (rejected)"),
    ]
    expect(published.locator(".undo-notice")).to_have_count(0, timeout=12_000)


def test_editor_merges_a_duplicate_and_undoes_the_merge(browser, live_server, editor, demo_site):
    riyadh = ingest_demo_page(demo_site, "riyadh-talks.html")
    aggregator = ingest_demo_page(demo_site, "aggregator-feb.html")
    target = claim_stating(riyadh, "サウジアラビアの首都リヤドで協議")
    source = claim_stating(aggregator, "サウジアラビアの首都リヤドで協議")
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/claims/{target.pk}/")

    page.locator(f".duplicates input[value='{source.pk}:1']").check()
    page.locator("button.merge").click()
    expect(page.locator(f".merged-claims li[data-claim='{source.pk}']")).to_be_visible()
    expect(page.locator(".outlet-count")).to_have_attribute("data-outlets", "2")
    source.refresh_from_db()
    assert source.status == ReviewStatus.MERGED

    page.locator(f".merged-claims li[data-claim='{source.pk}'] button.unmerge").click()
    expect(page.locator(".merged-claims")).to_have_count(0)
    source.refresh_from_db()
    assert (source.status, source.merged_into_id) == (ReviewStatus.CANDIDATE, None)
    assert source.evidence.filter(article=aggregator).exists()


def test_two_editors_edit_the_same_claim_and_the_second_sees_both_versions(
    browser, live_server, editor, second_editor, demo_site
):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claim = claim_stating(article, "ラブロフ外相は協議を")
    first = login(browser, live_server, editor.username)
    second = login(browser, live_server, second_editor.username)
    for page in (first, second):
        page.goto(f"{live_server.url}/review/claims/{claim.pk}/edit/")

    first.fill("textarea[name=text]", "ラブロフ外相はリヤドでの協議を高く評価した。")
    first.click("form button[type=submit] >> nth=-1")
    first.wait_for_load_state()
    second.fill("textarea[name=text]", "ラブロフ氏は協議が有益だったと述べた。")
    second.click("form button[type=submit] >> nth=-1")

    expect(second.locator(".error[role=alert]")).to_contain_text(
        "ラブロフ外相はリヤドでの協議を高く評価した。"
    )
    expect(second.locator("textarea[name=text]")).to_have_value(
        "ラブロフ氏は協議が有益だったと述べた。"
    )
    claim.refresh_from_db()
    assert (claim.text, claim.version) == ("ラブロフ外相はリヤドでの協議を高く評価した。", 2)


def test_stale_card_action_shows_the_current_version_in_place(
    browser, live_server, editor, second_editor, demo_site
):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claim = claim_stating(article, "ラブロフ外相は協議を")
    page = login(browser, live_server, editor.username)
    page.goto(f"{live_server.url}/review/articles/{article.pk}/")
    services.approve_claim(claim=claim, user=second_editor, expected_version=1)

    page.locator(f"#claim-{claim.pk} button.reject").click()

    card = page.locator(f"#claim-{claim.pk}")
    expect(card).to_have_class(re.compile(r"\bstatus-approved conflict\b"))
    expect(card).to_have_attribute("data-version", "2")
    claim.refresh_from_db()
    assert claim.status == ReviewStatus.APPROVED


def test_analyst_sees_no_write_controls_and_is_refused_on_every_write(
    browser, live_server, analyst, demo_site
):
    article = ingest_demo_page(demo_site, "riyadh-talks.html")
    claim = claim_stating(article, "ラブロフ外相は協議を")
    evidence = claim.evidence.get()
    page = login(browser, live_server, analyst.username)

    page.goto(f"{live_server.url}/review/articles/{article.pk}/")
    expect(page.locator(f"#claim-{claim.pk}")).to_be_visible()
    for control in ["#bulk-form", "#selection-panel", "input.select", "button.approve"]:
        expect(page.locator(control)).to_have_count(0)
    page.goto(f"{live_server.url}/review/claims/{claim.pk}/")
    expect(page.locator(".history")).to_be_visible()
    expect(page.locator("button.revert, button.merge, button.remove-evidence")).to_have_count(0)
    writes = [
        ["/review/bulk/", {"action": "approve", "claims": f"{claim.pk}:1"}],
        [f"/review/articles/{article.pk}/claims/", {"start": "0", "end": "5"}],
        [
            f"/review/articles/{article.pk}/evidence/",
            {"start": "0", "end": "5", "stance": "supports", "target": f"{claim.pk}:1"},
        ],
        [f"/review/evidence/{evidence.pk}/remove/", {"version": "1"}],
        [f"/review/claims/{claim.pk}/approve/", {"version": "1"}],
        [f"/review/claims/{claim.pk}/reject/", {"version": "1"}],
        [f"/review/claims/{claim.pk}/edit/", {"version": "1", "text": "x", "modality": "asserted"}],
        [f"/review/claims/{claim.pk}/merge/", {"version": "1", "sources": f"{claim.pk}:1"}],
        [f"/review/claims/{claim.pk}/unmerge/", {"version": "1"}],
        [f"/review/claims/{claim.pk}/revert/", {"version": "1", "to_version": "1"}],
    ]
    statuses = page.evaluate(
        """async (writes) => {
            const token = JSON.parse(document.body.getAttribute('hx-headers'))['X-CSRFToken'];
            const statuses = [];
            for (const [url, fields] of writes) {
                const response = await fetch(url, {method: 'POST',
                    body: new URLSearchParams(fields), headers: {'X-CSRFToken': token}});
                statuses.push(response.status);
            }
            return statuses;
        }""",
        writes,
    )

    assert statuses == [403] * len(writes)
    claim.refresh_from_db()
    assert (claim.status, claim.version, claim.text) == (
        ReviewStatus.CANDIDATE,
        1,
        claim_stating(article, "ラブロフ外相は協議を").text,
    )
    assert not Evidence.objects.filter(origin=Evidence.Origin.EDITOR).exists()
