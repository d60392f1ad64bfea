"""
Throttles on the API and the public toolkit search (issue 7, finding 7).

DRF reads its rates once, when the throttle classes are defined, so the tests lower them on the
class; each test starts with an empty cache (tests/conftest.py).
"""

import datetime

import pytest
import time_machine
from django.test import Client
from rest_framework.throttling import SimpleRateThrottle

SEARCH = "/toolkit/"
API = "/api/v1/toolkit/behaviours/"


@pytest.fixture
def rates(monkeypatch, settings):
    def _set(**rates):
        monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**settings.REST_FRAMEWORK[
            "DEFAULT_THROTTLE_RATES"], **rates})
    return _set


def test_the_rates_come_from_settings(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == [
        "rest_framework.throttling.AnonRateThrottle", "accounts.authentication.UserOrTokenRateThrottle",
    ]
    assert set(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]) == {"anon", "user", "toolkit_search"}
    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT


def test_anonymous_api_use_is_throttled_with_a_json_429(anonymous, toolkit_data, rates):
    rates(anon="3/minute")
    assert [anonymous.get(API).status_code for _ in range(3)] == [200, 200, 200]
    response = anonymous.get(API)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert "throttled" in response.json()["detail"].lower()
    assert int(response["Retry-After"]) > 0
    # Another client address has its own allowance.
    assert Client(REMOTE_ADDR="198.51.100.7").get(API).status_code == 200


def test_signed_in_api_use_is_throttled_per_user(planner_a, toolkit_data, rates):
    rates(user="2/minute")
    assert [planner_a.get(API).status_code for _ in range(2)] == [200, 200]
    response = planner_a.get(API)
    assert response.status_code == 429
    assert "json" in response["Content-Type"]


def test_anonymous_searches_are_throttled_with_a_govuk_429_page(anonymous, toolkit_data, rates):
    rates(toolkit_search="2/minute")
    # The clock stands still: a first search that builds the spelling index must not eat into the wait.
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC), tick=False):
        assert [anonymous.get(SEARCH, {"q": "stalking"}).status_code for _ in range(2)] == [200, 200]
        response = anonymous.get(SEARCH, {"q": "stalking"})
    assert response.status_code == 429
    body = response.content.decode()
    assert "<title>Too many requests – VAWG Portal</title>" in body
    assert '<h1 class="govuk-heading-l">Too many requests</h1>' in body
    assert "Wait 1 minute and try again." in body
    assert response["Retry-After"] == "60"
    assert "Stalking Protection Order" not in body  # the search did not run


def test_the_toolkit_pages_without_a_search_are_not_throttled(anonymous, toolkit_data, rates):
    rates(toolkit_search="1/minute")
    assert {anonymous.get(SEARCH).status_code for _ in range(5)} == {200}


def test_signed_in_searches_are_not_throttled(planner_a, toolkit_data, rates):
    rates(toolkit_search="1/minute")
    assert {planner_a.get(SEARCH, {"q": "stalking"}).status_code for _ in range(3)} == {200}


def test_search_throttling_is_per_client_address(toolkit_data, rates):
    rates(toolkit_search="1/minute")
    first, second = Client(REMOTE_ADDR="203.0.113.1"), Client(REMOTE_ADDR="203.0.113.2")
    assert first.get(SEARCH, {"q": "stalking"}).status_code == 200
    assert first.get(SEARCH, {"q": "stalking"}).status_code == 429
    assert second.get(SEARCH, {"q": "stalking"}).status_code == 200
