"""Playwright in Debian's Chromium, with axe-core for accessibility.

Browsers cannot be downloaded here, so Playwright drives /usr/bin/chromium
(`apt-get install chromium`; .ci/run does it). Without it these tests skip,
except where TIAKI_REQUIRE_BROWSER=1 (as in CI), where they fail.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("TIAKI_CHROMIUM", "/usr/bin/chromium")
AXE_SOURCE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")
SCREENSHOTS = Path(os.environ.get("TIAKI_SCREENSHOTS", Path(__file__).parent / "screenshots"))
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Playwright's sync API runs an event loop in this thread; Django then refuses
# ORM calls from the test body unless told that this thread is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("TIAKI_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


#: The narrowest width every page must fit without scrolling sideways (WCAG 1.4.10).
NARROWEST = {"width": 320, "height": 800}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-NZ")
    page = context.new_page()
    problems: list[str] = []
    visited: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("load", lambda p: visited.append(p.url))
    page.console_problems = problems
    page.visited = visited
    yield page
    too_wide = pages_too_wide(context, visited)
    context.close()
    # A CSP violation, a missing static file or a script error shows here.
    assert problems == [], problems
    assert too_wide == [], f"these pages scroll sideways at 320 CSS px: {too_wide}"


def horizontal_overflow(page) -> int:
    """How many CSS px the page is wider than its viewport (0: it reflows)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def too_wide_elements(page) -> list[str]:
    """The innermost elements reaching past the viewport's right edge, to say what to fix."""
    return page.evaluate("""() => {
      const past = (el) => el.getBoundingClientRect().right > window.innerWidth + 0.5;
      const name = (el) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')}`;
      return [...document.querySelectorAll('body *')]
        .filter((el) => past(el) && ![...el.children].some(past))
        .slice(0, 10)
        .map((el) => `${name(el)} in "${(el.parentElement.textContent || '').trim().slice(0, 60)}"`);
    }""")


def pages_too_wide(context, urls: list[str]) -> list[str]:
    """Every page a browser test visited, opened again at 320 CSS px in the
    same signed-in context: those that scroll sideways. A page that now sends
    the reader elsewhere (signed out since, a one-off link) is not judged."""
    narrow = context.new_page()
    narrow.set_viewport_size(NARROWEST)
    found = []
    try:
        for url in dict.fromkeys(u for u in urls if u.startswith("http")):
            response = narrow.goto(url)
            if response is None or not response.ok or narrow.url != url:
                continue
            if (overflow := horizontal_overflow(narrow)) > 0:
                found.append(f"{url} (+{overflow}px)")
    finally:
        narrow.close()
    return found


def axe_violations(page) -> list[dict]:
    page.evaluate(AXE_SOURCE)
    result = page.evaluate("async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page, label: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe-core found problems on {label}:\n" + json.dumps(violations, indent=2)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
