"""The real ``newsmon serve`` in a real browser (Playwright driving Debian's chromium).

An analyst's path: search Vietnamese without diacritics, see highlights, narrow
by a source facet, open a story (appearances, date provenance), open a topic
and its trend chart. Stored ``<script>`` payloads must stay inert. Screenshots
of each page are kept in ``build/screenshots/`` for review.

Skipped when ``/usr/bin/chromium`` or the Playwright package is missing
(``make browser`` installs chromium where it can; browsers are never downloaded).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsmon.storage.db import open_archive
from tests import webdata
from tests.conftest import REPO

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "build" / "screenshots"

# Module-scoped server and browser: `pytest -n 2 --dist loadfile` keeps the module on one worker.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} missing (run `make browser`)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"newsmon serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"newsmon serve did not answer on {url}")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, webdata.Archive]]:
    """``newsmon serve`` as a child process over a freshly stored archive."""
    directory = tmp_path_factory.mktemp("serve")
    url = f"sqlite:///{directory / 'archive.db'}"
    engine = open_archive(url)
    ids = webdata.populate(engine)
    webdata.add_spike(engine)
    engine.dispose()
    config = directory / "newsmon.toml"
    config.write_text(webdata.config_toml(url), encoding="utf-8")
    port = _free_port()
    log = (directory / "serve.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "newsmon", "serve", "--config", str(config), "--port", str(port)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(f"{base}/api/topics", process)
        yield base, ids
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield launched
        launched.close()


class Watched:
    """A page that records every dialog and script error, so a payload that runs is caught."""

    def __init__(self, browser: Any) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.dialogs: list[str] = []
        self.errors: list[str] = []

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(dialog.message)
            dialog.dismiss()

        self.page.on("dialog", on_dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # A resource or script the Content-Security-Policy refused is an error too.
        self.page.on(
            "console",
            lambda message: (
                self.errors.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

    def assert_inert(self) -> None:
        assert self.page.evaluate("typeof window.__pwned") == "undefined"
        assert self.dialogs == []
        assert self.errors == []


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    page = Watched(browser)
    yield page
    page.context.close()


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    return path


def test_search_facet_and_story(server: tuple[str, webdata.Archive], watched: Watched) -> None:
    base, ids = server
    page = watched.page
    page.goto(base + "/")
    page.fill("#q", "thanh pho hoc tap")
    page.click("form.search button[type=submit]")
    page.wait_for_url("**/?q=thanh+pho+hoc+tap*")
    assert page.locator("ol.hits > li").count() == 20
    marks = page.locator("ol.hits mark").all_inner_texts()
    assert "thành phố học tập" in marks  # found without diacritics, highlighted with them
    assert page.locator("ol.hits h3 a").first.inner_text() == webdata.HANOI_TITLE
    screenshot(page, "search")

    page.click("a.facet[data-facet=source]:has-text('northern')")
    page.wait_for_url("**source=northern*")
    assert page.locator("a.facet.on").inner_text().startswith("northern")
    assert page.locator("ol.hits h3 a").all_inner_texts() == [webdata.HANOI_EN_TITLE]
    # The facet is a toggle: clicking it again widens the search back.
    page.click("a.facet.on")
    page.wait_for_load_state()
    assert page.locator("ol.hits > li").count() == 20

    page.click(f"ol.hits h3 a[href='/stories/{ids.hanoi}']")
    page.wait_for_url(f"**/stories/{ids.hanoi}")
    assert page.locator("h1").inner_text() == webdata.HANOI_TITLE
    rows = page.locator("table.appearances tbody tr")
    assert rows.count() == 2
    assert webdata.HANOI_COPY in rows.nth(1).inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "2025-11-20 08:30 +07:00" in facts
    assert "JSON-LD metadata on the page" in facts  # date provenance
    assert page.locator("ul.related a").inner_text() == webdata.HANOI_EN_TITLE
    screenshot(page, "story")
    watched.assert_inert()


def test_topic_page_chart_loads(server: tuple[str, webdata.Archive], watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/topics")
    page.click("a[href='/topics/learning-city']")
    page.wait_for_url("**/topics/learning-city")
    chart = page.locator("img#trend")
    chart.wait_for()
    page.wait_for_load_state("networkidle")
    assert chart.evaluate("img => img.complete && img.naturalWidth") > 0
    assert "lernende Stadt" in page.locator("ol.hits").inner_text()
    # The burst of stories on one day is marked as a coverage spike, on the chart and below it.
    spikes = page.locator("#spikes li")
    assert spikes.count() == 1
    assert spikes.first.inner_text().startswith(f"{webdata.SPIKE_DAY.isoformat()}: 7 stories")
    assert "coverage spike" in (chart.get_attribute("alt") or "")
    svg = page.request.get(base + (chart.get_attribute("src") or "")).text()
    assert 'id="spikes"' in svg and "spike (1)" in svg
    screenshot(page, "topic")
    page.click("nav.toggles a:has-text('by week')")
    page.wait_for_url("**by=week*")
    page.wait_for_load_state("networkidle")
    assert page.locator("img#trend").evaluate("img => img.naturalWidth") > 0
    watched.assert_inert()


def test_stored_scripts_never_run(server: tuple[str, webdata.Archive], watched: Watched) -> None:
    base, ids = server
    page = watched.page
    for path in (f"/stories/{ids.xss}", "/?q=payload", "/", "/topics", "/sources"):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        watched.assert_inert()
    page.goto(f"{base}/stories/{ids.xss}")
    # The payload is shown as text, exactly as stored.
    assert page.locator("h1").inner_text() == webdata.XSS_TITLE
    assert page.locator("img[src=x]").count() == 0
    screenshot(page, "payload-story")


def test_sources_and_missing_pages(server: tuple[str, webdata.Archive], watched: Watched) -> None:
    base, _ = server
    page = watched.page
    page.goto(base + "/sources")
    assert page.locator("table.sources tbody tr").count() >= 4
    screenshot(page, "sources")
    response = page.goto(base + "/stories/999999")
    assert response is not None and response.status == 404
    assert "Not found" in page.locator("h1").inner_text()


def test_api_docs_page_renders_from_this_server(
    server: tuple[str, webdata.Archive], watched: Watched
) -> None:
    base, _ = server
    page = watched.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(base + "/")
    page.click("nav a:has-text('API')")
    page.wait_for_url("**/api/docs")
    page.locator(".opblock-summary-path").first.wait_for(timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/search" in paths and "/api/topics/{name}/trend" in paths
    page.locator(".opblock-summary-path:has-text('/api/search')").first.click()
    page.locator(".opblock-body .parameters").first.wait_for()
    screenshot(page, "api-docs")
    assert all(url.startswith(base) for url in requested), requested  # no CDN, nothing outside
    watched.assert_inert()  # no CSP refusal, no script error
