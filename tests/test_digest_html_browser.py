"""digest.html in a real browser (Debian's chromium through chromedriver, as tests/test_html_browser.py).

The page must be self-contained, show article text as text (markup in an article never
runs), link every fact to its passage in the source text, and highlight conflicts.
"""

from __future__ import annotations

import json

import pytest

from bench.digest_server import FixedLatencyServer
from summarize.digest import build_digest
from summarize.digest.runner import Job, ModelSummarizer
from summarize.settings import Settings
from tests.browser import skip_module_without_browser
from tests.test_digest_fixture import ARTICLES, Precomputed

skip_module_without_browser()

HOSTILE = (
    "Orvale police find <img src=x onerror=\"window.__pwned=1\"> devices\n\n"
    "date 2025-06-11 (Night & Day <Gazette>) Police in Orvale said on Wednesday that they had found "
    "<svg onload=\"window.__pwned=2\"></svg> two parcels near the parliament building. "
    "Officers detained 3 people, the police said.\n"
)


class FixtureThenServer(Precomputed):
    """The fixture's precomputed answers, and the fixed-latency server for the hostile article."""

    def __init__(self, server_url: str) -> None:
        super().__init__()
        self.live = ModelSummarizer(Settings(base_url=server_url, mode="json_schema"))

    def __call__(self, job: Job):
        if b"window.__pwned" in job.raw:
            return self.live(job)
        return super().__call__(job)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest-page")
    feed = folder / "hostile.jsonl"
    feed.write_text(json.dumps({"text": HOSTILE, "url": "https://news.example/a?b=1&c=<2>"}) + "\n")
    server = FixedLatencyServer(latency=0.0).start()
    try:
        run = build_digest([ARTICLES, feed], folder / "out", store_path=folder / "s.sqlite3",
                           summarizer=FixtureThenServer(server.url))
    finally:
        server.stop()
    assert run.status == "complete", run.report["failed"]
    return run, folder / "out" / "digest.html"


def test_article_markup_shows_as_text_and_never_runs(page, browser):
    from selenium.webdriver.common.by import By

    run, path = page
    browser.get(path.as_uri())
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements(By.CSS_SELECTOR, "img, svg, script") == []
    body = browser.find_element(By.TAG_NAME, "body").text
    assert '<svg onload="window.__pwned=2"></svg>' in body
    assert "Night & Day <Gazette>" in body or "<img src=x" in body


def test_every_fact_links_to_its_passage_in_the_source(page, browser):
    from selenium.webdriver.common.by import By

    run, path = page
    browser.get(path.as_uri())
    links = browser.find_elements(By.CSS_SELECTOR, "a.cite")
    assert len(links) > 20
    for link in links:
        target = link.get_attribute("href").split("#", 1)[1]
        anchor = browser.find_elements(By.ID, target)
        assert anchor, f"citation #{target} has no passage"
        passage = browser.execute_script("return arguments[0].nextElementSibling.textContent", anchor[0])
        assert link.get_attribute("title").startswith(passage[:20])
    # Following a citation scrolls to and marks that passage.
    link = browser.find_element(By.CSS_SELECTOR, ".measure.conflict a.cite")
    target = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].click()", link)
    assert browser.execute_script("return location.hash") == f"#{target}"
    marked = browser.execute_script(
        "return getComputedStyle(document.getElementById(arguments[0]).nextElementSibling).backgroundColor", target)
    assert marked == "rgb(255, 179, 71)"


def test_conflicts_are_highlighted(page, browser):
    from selenium.webdriver.common.by import By

    run, path = page
    browser.get(path.as_uri())
    conflicts = browser.find_elements(By.CSS_SELECTOR, ".measure.conflict")
    expected = sum(m.status == "conflict" for s in run.digest.stories for e in s.events for m in e.measures)
    assert expected >= 2 and len(conflicts) == expected
    colour = browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", conflicts[0])
    assert colour == "rgb(253, 232, 232)"
    assert "(disputed)" in conflicts[0].text
    agreeing = browser.find_elements(By.CSS_SELECTOR, ".measure.agree")
    assert agreeing and browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor",
                                               agreeing[0]) == "rgba(0, 0, 0, 0)"


def test_the_page_loads_nothing_external(page):
    _, path = page
    html = path.read_text(encoding="utf-8")
    assert "default-src 'none'" in html
    for needle in ("<script", "<link", "src=\"http", "@import"):
        assert needle not in html
