"""`claims site` in a real browser: headless Chromium (Debian's /usr/bin/chromium, driven by
the Python `playwright` package) opens the shipped fact base's site from file://.

Skips, saying why, only where Chromium or playwright is missing (`.ci/run` installs
Chromium when it can).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .gitrepo import Repo, claims

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SHIPPED = Path(__file__).resolve().parent.parent / "claims"

sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"{CHROMIUM} is missing (apt-get install -y chromium; .ci/run does)",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("browser")
    repo = Repo(root / "repo")
    shutil.copytree(SHIPPED, repo.path / "claims")
    repo.commit("The shipped fact base")
    out = root / "site"
    cwd = Path.cwd()
    import os

    os.chdir(repo.path)
    try:
        assert claims("site", str(out)).exit_code == 0
    finally:
        os.chdir(cwd)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records console errors, page errors and every request it makes."""

    def __init__(self, browser, width: int = 1280) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("requestfailed", lambda r: self.failed.append(r.url))

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def clean(self) -> None:
        assert self.errors == []
        assert self.failed == []
        assert [u for u in self.requests if not u.startswith("file://")] == []


def conflict_page(site: Path) -> Path:
    first = re.search(r'href="(subjects/[^"]+)"', (site / "index.html").read_text())
    return site / first.group(1)


@pytest.mark.parametrize("width", [390, 1280])
def test_index_and_a_conflict_page_render_without_errors(site, browser, width):
    watched = Watched(browser, width)
    for path in (site / "index.html", conflict_page(site)):
        watched.open(path.as_uri())
        assert watched.page.locator("h1").count() == 1
        # Nothing wider than the screen but the tables' own scroll boxes.
        overflow = watched.page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, path
    assert watched.page.locator("section.group .status").first.inner_text() == "OPEN"
    watched.clean()
    watched.page.close()


def test_every_internal_link_of_the_index_and_a_conflict_page_resolves(site, browser):
    watched = Watched(browser)
    seen: set[str] = set()
    for start in (site / "index.html", conflict_page(site)):
        watched.open(start.as_uri())
        links = watched.page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for url in links:
            target = url.split("#")[0]
            if target in seen:
                continue
            seen.add(target)
            assert target.startswith("file://"), target
            response = watched.page.goto(target)
            assert response is not None and response.ok, target
            assert watched.page.locator("h1").count() == 1, target
    assert len(seen) > 10
    watched.clean()
    watched.page.close()


def test_the_search_box_finds_a_claim_by_words_of_its_quote(site, browser):
    watched = Watched(browser)
    watched.open((site / "index.html").as_uri())
    watched.page.fill("#q", "militia count")
    watched.page.click("form.search button")
    watched.page.wait_for_selector("#results li")
    assert watched.page.url.startswith((site / "search.html").as_uri() + "?q=")
    results = watched.page.locator("#results li a").all_inner_texts()
    assert "alhurra-militia-count" in results
    kinds = [k.strip() for k in watched.page.locator("#results li .kind").all_text_contents()]
    assert "claim" in kinds and kinds == sorted(kinds, key=["subject", "claim", "source"].index)
    status = watched.page.locator("#search-status").inner_text()
    assert status.endswith("for “militia count”.")
    watched.page.locator("#results li a", has_text="alhurra-militia-count").click()
    assert watched.page.url.endswith("/claims/alhurra-militia-count.html")
    watched.page.fill("#q", "nothing-like-this")
    watched.page.press("#q", "Enter")
    watched.page.wait_for_function(
        "document.getElementById('search-status').textContent.startsWith('Nothing')"
    )
    watched.clean()
    watched.page.close()
