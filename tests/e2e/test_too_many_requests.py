"""Browser test of the "Too many requests" page the public toolkit search answers when throttled."""

import pytest
from rest_framework.throttling import SimpleRateThrottle

from toolkit.reference import load

from .conftest import check_a11y


@pytest.fixture
def throttled_search(transactional_db, monkeypatch, settings):
    load()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {
        **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "toolkit_search": "1/minute",
    })


@pytest.mark.parametrize("width", [1280, 320])
def test_the_too_many_requests_page_is_accessible_and_fits(page, throttled_search, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/toolkit/?q=stalking")
    response = page.goto("/toolkit/?q=stalking")
    assert response.status == 429
    assert page.locator("h1").inner_text() == "Too many requests"
    # The page's own content fits; the shared header is checked by the other browser tests.
    assert page.evaluate("document.querySelector('main').scrollWidth") <= width
    check_a11y(page, f"too-many-requests-{width}")
    page.get_by_role("link", name="Try again").click()
    assert page.locator("h1").inner_text() == "Too many requests"
