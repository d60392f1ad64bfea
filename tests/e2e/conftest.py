"""
Browser tests: Playwright driving Debian's Chromium against live_server, with axe-core.

Playwright starts once per session (never inside a database test). Each test gets a fresh
browser context. `check_a11y(page, name)` runs axe with the WCAG 2.2 A/AA tags, saves a
screenshot to test-artifacts/screenshots/<name>.png and fails with axe's report on any violation.
"""

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from tests.conftest import REQUIRE_SERVICES

    missing = [p for p in (CHROMIUM, str(AXE)) if not (shutil.which(p) or Path(p).exists())]
    if missing:
        message = f"browser tests need {', '.join(missing)} (apt-get install chromium; npm ci)"
        if REQUIRE_SERVICES:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


CSP_VIOLATION = ("Content Security Policy", "Content-Security-Policy", "Refused to")


@pytest.fixture
def page(browser, live_server, transactional_db, settings):
    """
    A fresh page on the live server. Every test using it also fails if the browser reports a
    Content-Security-Policy violation (a refused script, style, frame…) on any page it opened.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = True
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    # Also report violations through the DOM event, in case the console wording changes.
    context.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI}`))"
    )
    page = context.new_page()
    violations: list[str] = []
    page.csp_violations = violations  # read (and cleared) by the test that proves the check works
    page.on("console", lambda message: violations.append(f"{page.url}: {message.text}")
            if any(marker in message.text for marker in CSP_VIOLATION) else None)
    page.on("pageerror", lambda error: violations.append(f"{page.url}: {error}")
            if any(marker in str(error) for marker in CSP_VIOLATION) else None)
    yield page
    context.close()
    assert violations == [], "the browser reported Content-Security-Policy violations:\n" + "\n".join(violations)


def check_a11y(page, name: str) -> None:
    """Save a screenshot and assert that axe finds no WCAG 2.2 A/AA violations on the page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    # Evaluated through the DevTools protocol, not added as an inline <script>, which the CSP refuses.
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"html": n["html"], "target": n["target"], "failure": n["failureSummary"]} for n in v["nodes"]],
        }
        for v in result["violations"]
    ]
    assert violations == [], f"axe found violations on {name} ({page.url}):\n" + json.dumps(violations, indent=2)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
