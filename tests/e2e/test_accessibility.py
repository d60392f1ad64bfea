"""
Accessibility beyond axe (issue 15), in a real browser: search results announced by a short status
sentence, the session timeout warning, the mobile navigation that does not jump, the favicon, and
the public pages (accessibility statement, cookies, privacy, signed out).

Every check_a11y call also runs HTML_CodeSniffer, the 320 px reflow check, the error-link check and
the novalidate check (tests/e2e/conftest.py).
"""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from accounts.middleware import ACTIVE_UNTIL
from tests.conftest import PASSWORD

from .conftest import check_a11y, sign_in


@pytest.fixture
def toolkit(transactional_db):
    from django.core.cache import cache

    from toolkit.reference import load

    cache.clear()
    load()


def test_public_pages_are_accessible(page, transactional_db):
    for url, name in [("/accessibility/", "accessibility-statement"), ("/cookies/", "cookies"),
                      ("/privacy/", "privacy"), ("/accounts/session/ended/?next=/plans/", "signed-out")]:
        page.goto(url)
        assert page.locator("h1").count() == 1
        check_a11y(page, name)


def test_the_search_announces_a_short_count_and_retitles_the_page(page, toolkit):
    page.goto("/toolkit/")
    history = page.evaluate("history.length")
    page.locator("#toolkit-q").press_sequentially("stalking", delay=20)
    page.wait_for_function("() => document.title.startsWith('Search results for')")
    assert page.title() == "Search results for ‘stalking’ – VAWG Portal"
    assert page.locator("h1").inner_text() == "Search the misogyny toolkit"
    status = page.locator('[role="status"]#toolkit-search-status')
    assert "for ‘stalking’" in status.inner_text()
    assert "Stalking Protection Order" not in status.inner_text()
    assert page.locator("[aria-live]").count() == 0 or "Stalking" not in " ".join(
        page.locator("[aria-live]").all_inner_texts()
    )
    assert page.locator("#toolkit-results").get_attribute("aria-live") is None
    # Typing replaced the address rather than adding an entry per keystroke.
    assert "q=stalking" in page.url
    assert page.evaluate("history.length") == history
    check_a11y(page, "toolkit-search-as-you-type")


def test_back_after_a_search_brings_back_the_words_typed(page, toolkit):
    page.goto("/toolkit/")
    page.locator("#toolkit-q").press_sequentially("stalking", delay=20)
    page.wait_for_function("() => document.title.startsWith('Search results for')")
    page.locator("#toolkit-results a").first.click()
    page.wait_for_load_state()
    assert "/toolkit/" in page.url and "q=" not in page.url
    page.go_back()
    page.wait_for_load_state()
    assert page.locator("#toolkit-q").input_value() == "stalking"
    assert "Stalking Protection Order" in page.locator("#toolkit-results").inner_text()


def _dialog_open(page) -> bool:
    return page.evaluate("document.getElementById('app-timeout-dialog').open")


def test_the_timeout_warning_offers_to_stay_signed_in_or_sign_out(page, planner_a_user, settings):
    # A session of 121 s warns after 1 s; the page's clock is fast-forwarded, never waited for.
    settings.SESSION_COOKIE_AGE = 121
    page.clock.install()
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/accounts/account/")
    page.get_by_role("link", name="Your account").focus()
    page.clock.fast_forward(2_000)
    page.wait_for_function("() => document.getElementById('app-timeout-dialog').open")
    assert page.evaluate("document.activeElement.id") == "app-timeout-dialog"
    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    assert "we will sign you out in 2 minutes" in dialog.inner_text()
    check_a11y(page, "timeout-warning")

    # Stay signed in, by keyboard: the session is renewed and focus goes back where it was.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Stay signed in"
    with page.expect_response("**/accounts/session/extend/") as response:
        page.keyboard.press("Enter")
    assert response.value.status == 204
    page.wait_for_function("() => !document.getElementById('app-timeout-dialog').open")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Your account"

    # Escape also means stay signed in; then Sign out signs out.
    page.clock.fast_forward(2_000)
    page.wait_for_function("() => document.getElementById('app-timeout-dialog').open")
    with page.expect_response("**/accounts/session/extend/"):
        page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('app-timeout-dialog').open")
    page.clock.fast_forward(2_000)
    page.wait_for_function("() => document.getElementById('app-timeout-dialog').open")
    page.get_by_role("dialog").get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/")
    page.goto("/accounts/account/")
    assert "/accounts/login/" in page.url


def test_a_tab_whose_session_lapsed_goes_to_the_signed_out_page_keeping_its_place(page, planner_a_user, settings):
    settings.SESSION_COOKIE_AGE = 121
    page.clock.install()
    sign_in(page, planner_a_user.email, PASSWORD)
    page.goto("/accounts/account/")
    page.clock.fast_forward(2_000)
    page.wait_for_function("() => document.getElementById('app-timeout-dialog').open")
    # The server's clock is real: end the session there, as 121 idle seconds would.
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[ACTIVE_UNTIL] = 0
    session.save()
    page.clock.fast_forward(125_000)
    page.wait_for_url("**/accounts/session/ended/?next=%2Faccounts%2Faccount%2F")
    assert page.locator("h1").inner_text() == "You have been signed out"
    page.get_by_role("link", name="Sign in again").click()
    page.wait_for_url("**/accounts/login/?next=%2Faccounts%2Faccount%2F")


def test_the_navigation_does_not_jump_as_it_collapses_on_a_phone(browser, live_server, planner_a_user):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        sign_in(page, planner_a_user.email, PASSWORD)
        page.add_init_script("""
            window.__shift = 0;
            new PerformanceObserver(list => {
                for (const entry of list.getEntries()) window.__shift += entry.value;
            }).observe({type: "layout-shift", buffered: true});
        """)
        page.goto("/accounts/account/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__shift") < 0.01
        menu = page.get_by_role("button", name="Menu")
        assert menu.is_visible()
        assert not page.get_by_role("link", name="Action plans").is_visible()
        menu.click()
        assert page.get_by_role("link", name="Action plans").is_visible()
        check_a11y(page, "navigation-open-on-a-phone")
    finally:
        context.close()


def test_the_favicon_answers(page, transactional_db):
    response = page.request.get("/favicon.ico")
    assert response.status == 200
    assert response.body()[:4] == b"\x00\x00\x01\x00"
