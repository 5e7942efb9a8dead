"""In Chromium: the Content-Security-Policy holds with htmx at work, and bidi controls stay put."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from claims.models import Actor, Claim
from curation.models import Article, Citation, Outlet
from tests.browsing import ARTIFACTS, login
from tests.factories import approve_all, ingest_demo_page
from tests.reliability_report import FIGURES as figures

pytestmark = [
    pytest.mark.slow,
    pytest.mark.browser,
    pytest.mark.reliability,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RLO = "\u202e"

# Collected in every page before any of its scripts run (init scripts are not subject to CSP).
COLLECT_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

# Every link, form target and frame whose resolved address is not http(s): clicking any other
# (javascript:, data:, vbscript:) could run script.
UNSAFE_LINKS = """
() => [...document.querySelectorAll('a[href], area[href], form[action], iframe[src]')]
  .map((el) => el.getAttribute('href') ?? el.getAttribute('action') ?? el.getAttribute('src'))
  .filter((value) => !['http:', 'https:'].includes(new URL(value, location.href).protocol))
"""

# Text nodes carrying a bidi override whose element does not isolate them.
UNISOLATED = """
() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.includes('\\u202e')) continue;
    const element = node.parentElement;
    const bidi = getComputedStyle(element).unicodeBidi;
    if (!['isolate', 'isolate-override', 'plaintext'].includes(bidi) && element.tagName !== 'BDI') {
      bad.push(`<${element.tagName.toLowerCase()} class="${element.className}"> ${bidi}`);
    }
  }
  return bad;
}
"""


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__csp || []"))


@pytest.fixture
def hostile_data(demo_site, editor):
    """Approved claims whose title, text, names and citation carry U+202E."""
    article = ingest_demo_page(demo_site, "aggregator-feb.html")
    claims = approve_all(article, editor)
    Article.objects.filter(pk=article.pk).update(title=f"停戦{RLO}協議の記録")
    Claim.objects.filter(pk=claims[0].pk).update(
        text=f"{RLO}ゼレンスキー大統領は協議に応じると述べた。"
    )
    Actor.objects.filter(claims__in=claims).update(name_ja=f"{RLO}当事者")
    # A citation's link that would run script if it were ever rendered as a link.
    Citation.objects.filter(article=article).update(
        outlet_name=f"{RLO}通信社", url="javascript:alert(document.domain)"
    )
    Outlet.objects.filter(articles=article).update(name=f"{RLO}まとめサイト")
    return article, claims


def test_pages_keep_the_policy_with_htmx_and_isolate_bidi_controls(
    browser, live_server, editor, hostile_data
):
    article, claims = hostile_data
    page = login(browser, live_server, editor.username)
    page.context.add_init_script(COLLECT_VIOLATIONS)
    seen: dict[str, list[str]] = {}
    unisolated: dict[str, list[str]] = {}
    unsafe: dict[str, list[str]] = {}

    def visit(path: str) -> None:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        assert "script-src 'self'" in (response.headers.get("content-security-policy") or "")
        page.wait_for_load_state("networkidle")
        unisolated[path] = page.evaluate(UNISOLATED)
        unsafe[path] = page.evaluate(UNSAFE_LINKS)

    # The timeline, and an htmx issue filter swapping the results in.
    visit("/timeline/")
    page.locator(".issue-filter a").first.click()
    page.wait_for_load_state("networkidle")
    seen["timeline"] = violations(page)

    # The reader: withdraw a published claim through htmx with its reason (hx-post, outerHTML
    # swap), search the picker.
    visit(reverse("review:article", args=[article.pk]))
    card = page.locator(f"#claim-{claims[1].pk}")
    card.locator("details.withdraw summary").click()
    card.locator("input.withdraw-reason").fill("日付を確認する")
    card.locator("details.withdraw button.reopen").click()
    expect(page.locator(f"#claim-{claims[1].pk}")).to_have_attribute("data-status", "candidate")
    if page.locator(".picker-query").first.is_visible():
        page.locator(".picker-query").first.fill("ゼレンスキー")
        page.wait_for_timeout(600)
    seen["reader"] = violations(page)

    visit(reverse("review:claim", args=[claims[0].pk]))
    seen["claim"] = violations(page)
    visit(reverse("review:inbox"))
    seen["inbox"] = violations(page)
    visit(reverse("curation:feeds"))
    seen["feeds"] = violations(page)

    # The language menu's inline handler (allowed by its hash) switches the page to English.
    page.select_option("select[name=language]", "en")
    page.wait_for_load_state("networkidle")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    seen["language"] = violations(page)

    # The API docs: Swagger UI under its own, relaxed policy, still rendering.
    visit(reverse("api-docs"))
    expect(page.locator(".swagger-ui").first).to_be_visible(timeout=15_000)
    seen["api-docs"] = violations(page)
    page.screenshot(path=str(ARTIFACTS / "csp-api-docs.png"))

    figures.add("CSP violations", sum(len(found) for found in seen.values()))
    figures.add("requests served", len(seen))
    # U+202E in a title, a claim, an actor, two names; a javascript: citation link.
    figures.add("hostile inputs tried", 6)
    assert {name: found for name, found in seen.items() if found} == {}
    assert {path: links for path, links in unsafe.items() if links} == {}
    for path in ("/timeline/", reverse("review:article", args=[article.pk])):
        assert unisolated[path] == [], path
    assert unisolated[reverse("review:claim", args=[claims[0].pk])] == []
    figures.add("hostile inputs refused or neutralised", 6)


def test_the_login_page_runs_under_the_policy(browser, live_server):
    context = browser.new_context(locale="ja-JP")
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()

    response = page.goto(f"{live_server.url}/accounts/login/")
    page.wait_for_load_state("networkidle")

    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert violations(page) == []
    # An inline script injected into the page is refused.
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    assert page.evaluate("window.__ran") is None
    assert any("script-src" in found for found in violations(page))
    context.close()
