"""Helpers for the browser tests (Playwright driving Debian's Chromium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, sync_playwright

ARTIFACTS = Path(__file__).parent / "artifacts"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these, Chromium keeps trying to reach Google's hosts from a closed network.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch_chromium(executable_path: str) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def login(browser: Browser, live_server: Any, username: str) -> Page:
    """A new browser context logged in as `username` (personas use the password pw-NAME)."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw-" + username)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page
