"""The HTML page in a real browser: Debian's chromium driven through chromedriver (selenium).

`make test` installs chromium and chromium-driver (apt). Outside CI the test skips
when they are missing; in CI (CI=true) it fails instead.
"""

from __future__ import annotations

from summarize import Settings, summarize_article
from summarize.backends.client import ModelClient
from summarize.render.html import to_html
from tests.browser import skip_module_without_browser
from tests.conftest import example
from tests.scripted import ScriptedServer, prefer

skip_module_without_browser()


# A sentence whose type the scripted model answers wrongly, so that the page has a rejected field.
AMBIGUOUS = b"\n\nMilitia fighters attacked an army base near Kessa with rockets and drones on Monday."


def page_for(tmp_path, name: str):
    server = ScriptedServer(prefer("an attack on civilians"))
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", max_attempts=1, engine="guided")
    result = summarize_article(example(name) + (AMBIGUOUS if name.endswith(".txt") else b""), settings=settings,
                               client=ModelClient(settings, http_client=server.client()))
    path = tmp_path / f"{name}.html"
    path.write_text(to_html(result), encoding="utf-8")
    return result, path


def test_highlights_rejected_panel_and_hover(browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    result, path = page_for(tmp_path, "port_verin_strikes.txt")
    browser.get(path.as_uri())
    marks = browser.find_elements(By.CSS_SELECTOR, "#article-text mark.ev")
    assert marks and all(m.get_attribute("title").endswith("match") for m in marks)
    rejected = browser.find_elements(By.CSS_SELECTOR, "#rejected li")
    assert len(rejected) == len(result.rejected) > 0

    facts = result.facts()
    date_index = next(i for i, fact in enumerate(facts) if fact.kind == "date")
    fact = browser.find_element(By.CSS_SELECTOR, f'li.fact[data-fact="f{date_index}"]')
    assert "exact" in fact.find_element(By.CSS_SELECTOR, ".tier").text  # the match tier is visible
    ActionChains(browser).move_to_element(fact).perform()
    active = browser.find_elements(By.CSS_SELECTOR, "mark.ev.active")
    assert "".join(m.text for m in active) == facts[date_index].evidence[0].quote
    browser.save_screenshot(str(tmp_path / "page.png"))


def test_article_markup_is_inert(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _, path = page_for(tmp_path, "delvane_protest.html")
    browser.get(path.as_uri())
    scripts = browser.find_elements(By.TAG_NAME, "script")
    assert len(scripts) == 1  # only the page's own
    assert '<script>alert("not a real script")</script>' in browser.find_element(By.ID, "article-text").text
    assert browser.execute_script("return document.querySelectorAll('link, img, iframe, object').length") == 0
