"""
Browser tests: Playwright driving Debian's Chromium against live_server, with axe-core.

Playwright starts once per session (never inside a database test). Each test gets a fresh
browser context. `check_a11y(page, name)` saves a screenshot to test-artifacts/screenshots/<name>.png
and fails on any of:
- axe violations (WCAG 2.2 A/AA tags);
- HTML_CodeSniffer errors (WCAG2AA standard), a second engine that tests things axe does not;
- a form without `novalidate` (the browser's validation would hide the GOV.UK error summary);
- an error-summary link that does not move focus to an input, select or textarea of its field;
- a page that scrolls sideways at 320 CSS px (WCAG 1.4.10 reflow: 1280 px at 400% zoom), or a
  sideways-scrolling element that is not a labelled, focusable `.app-table-scroll` region.
The accessibility statement (templates/pages/accessibility.html) names these checks: change both.
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
# HTML_CodeSniffer runs in the page itself. pa11y would drive it too, but pa11y needs puppeteer's own
# Chrome download, which CI here cannot fetch, so Playwright injects the engine into Debian's Chromium.
HTMLCS = ROOT / "node_modules" / "html_codesniffer" / "build" / "HTMLCS.js"
REFLOW_WIDTH = 320


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from tests.conftest import REQUIRE_SERVICES

    missing = [p for p in (CHROMIUM, str(AXE), str(HTMLCS)) if not (shutil.which(p) or Path(p).exists())]
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
    """Save a screenshot and assert the page passes every accessibility check listed at the top."""
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
    check_htmlcs(page, name)
    check_novalidate(page, name)
    check_error_links(page, name)
    check_reflow(page, name)


def check_htmlcs(page, name: str) -> None:
    """Assert that HTML_CodeSniffer's WCAG2AA standard reports no errors (its type 1 messages)."""
    page.evaluate(HTMLCS.read_text())  # as axe above: an added inline <script> would break the CSP
    errors = page.evaluate("""() => new Promise(resolve => HTMLCS.process("WCAG2AA", document, () => resolve(
        HTMLCS.getMessages().filter(m => m.type === HTMLCS.ERROR).map(m => ({
            code: m.code, msg: m.msg, html: (m.element.outerHTML || m.element.nodeName || "").slice(0, 300),
        }))
    )))""")
    assert errors == [], f"HTML_CodeSniffer found errors on {name} ({page.url}):\n" + json.dumps(errors, indent=2)


def check_novalidate(page, name: str) -> None:
    """Assert that every form leaves validation to the service (GOV.UK error summary), not the browser."""
    lacking = page.eval_on_selector_all("form:not([novalidate])", "forms => forms.map(f => f.outerHTML.slice(0, 200))")
    assert lacking == [], f"forms without novalidate on {name} ({page.url}): {lacking}"


def check_error_links(page, name: str) -> None:
    """Click every error-summary link and assert that focus lands on an input, select or textarea it names."""
    links = page.locator(".govuk-error-summary__list a")
    for index in range(links.count()):
        link = links.nth(index)
        href = link.get_attribute("href") or ""
        link.click()
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            return {tag: el.tagName, id: el.id, type: el.type || "", html: el.outerHTML.slice(0, 200)};
        }""")
        assert focused["tag"] in {"INPUT", "SELECT", "TEXTAREA"} and focused["type"] != "hidden", (
            f"error link {href} on {name} ({page.url}) left focus on {focused['html']}"
        )
        assert f"#{focused['id']}" == href, f"error link {href} on {name} focused #{focused['id']}"


CULPRITS = """width => {
    const found = [];
    for (const el of [...document.querySelectorAll("body *")].reverse()) {
        const display = el.style.display;
        el.style.display = "none";
        const fits = document.documentElement.scrollWidth <= width;
        el.style.display = display;
        if (fits && found.push(el.outerHTML.slice(0, 200)) >= 3) break;
    }
    return found;
}"""


def check_reflow(page, name: str) -> None:
    """
    Assert that the page fits 320 CSS px without scrolling sideways (WCAG 1.4.10).

    Only a data table may be wider, inside `.app-table-scroll`: a region with a label and
    tabindex="0", so keyboard users can scroll it too. The viewport is restored afterwards.
    """
    size = page.viewport_size
    page.set_viewport_size({"width": REFLOW_WIDTH, "height": 640})
    try:
        found = page.evaluate("""width => {
            const wide = [...document.querySelectorAll("body *")].filter(el => {
                const box = el.getBoundingClientRect();
                const inRegion = el.parentElement && el.parentElement.closest(".app-table-scroll");
                return box.width > 0 && box.right > width && !inRegion && getComputedStyle(el).visibility !== "hidden";
            }).slice(0, 5).map(el => el.outerHTML.slice(0, 160));
            const badRegions = [...document.querySelectorAll("body *")].filter(el => {
                const style = getComputedStyle(el);
                return el.scrollWidth > el.clientWidth + 1 && ["auto", "scroll"].includes(style.overflowX)
                    && !(el.matches(".app-table-scroll[role=region][aria-label][tabindex='0']"));
            }).map(el => el.outerHTML.slice(0, 160));
            return {scrollWidth: document.documentElement.scrollWidth, wide, badRegions};
        }""", REFLOW_WIDTH)
        if found["scrollWidth"] > REFLOW_WIDTH:
            # Which elements, once hidden, let the page fit: the deepest first.
            found["wide"] += page.evaluate(CULPRITS, REFLOW_WIDTH)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}-{REFLOW_WIDTH}px.png"), full_page=True)
        assert found["scrollWidth"] <= REFLOW_WIDTH, (
            f"{name} ({page.url}) is {found['scrollWidth']} px wide at {REFLOW_WIDTH} px; too wide: {found['wide']}"
        )
        assert found["badRegions"] == [], f"{name} scrolls sideways outside a labelled region: {found['badRegions']}"
    finally:
        page.set_viewport_size(size)


def sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
