"""
Headers every response carries (issue 7, findings 2 and 9): Content-Security-Policy,
Permissions-Policy, and `Cache-Control: private, no-store` for signed-in users.
"""

import re

import pytest
from django.test import override_settings

POLICY = {
    "default-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def _directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


@pytest.mark.parametrize("url", ["/", "/toolkit/", "/accounts/login/", "/healthz", "/api/v1/toolkit/offences/",
                                 "/api/v1/schema/", "/no-such-page/", "/api/v1/nowhere/"])
def test_every_response_has_the_strict_policy(anonymous, url):
    directives = _directives(anonymous.get(url)["Content-Security-Policy"])
    for name, value in POLICY.items():
        assert directives[name] == value, name
    assert re.fullmatch(r"'self'( 'nonce-[A-Za-z0-9+/=]+')?", directives["script-src"])
    assert "unsafe-inline" not in str(directives) and "unsafe-eval" not in str(directives)


def test_the_page_nonce_is_on_the_inline_scripts_and_the_header(anonymous):
    response = anonymous.get("/toolkit/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    # One inline script only: GOV.UK's body-class snippet, which must run before the body paints.
    assert inline == [f' nonce="{nonce}"']
    assert ' style="' not in html and "<style" not in html
    assert anonymous.get("/toolkit/")["Content-Security-Policy"] != response["Content-Security-Policy"]


def test_htmx_is_told_not_to_write_inline_styles(anonymous):
    assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles":false}\'>' in (
        anonymous.get("/toolkit/").content.decode())


def test_only_the_api_docs_allow_what_redoc_needs(anonymous):
    response = anonymous.get("/api/v1/docs/")
    assert response.status_code == 200
    directives = _directives(response["Content-Security-Policy"])
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert directives["worker-src"] == "blob:"
    assert directives["script-src"] == "'self'"
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "cdn" not in html and "googleapis" not in html and "<style" not in html


def test_report_only_mode_sends_the_same_policy_as_report_only(anonymous, settings):
    policy = settings.CONTENT_SECURITY_POLICY
    with override_settings(CONTENT_SECURITY_POLICY=None, CONTENT_SECURITY_POLICY_REPORT_ONLY=policy):
        response = anonymous.get("/toolkit/")
    assert "Content-Security-Policy" not in response
    assert _directives(response["Content-Security-Policy-Report-Only"])["default-src"] == "'self'"


@pytest.mark.parametrize("url", ["/", "/toolkit/", "/api/v1/toolkit/offences/"])
def test_every_response_switches_off_the_features_no_page_uses(anonymous, url):
    header = anonymous.get(url)["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in header


@pytest.mark.parametrize("persona", ["planner_a", "chief_a", "viewer_a", "coordinator", "analyst"])
@pytest.mark.parametrize("url", ["/", "/plans/", "/attention/", "/toolkit/", "/frameworks/",
                                 "/api/v1/toolkit/offences/", "/plans/999999/"])
def test_signed_in_responses_are_private_and_not_stored(request, persona, url):
    response = request.getfixturevalue(persona).get(url)
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize("url", ["/toolkit/", "/toolkit/changes/", "/accessibility/"])
def test_anonymous_public_pages_stay_cacheable(anonymous, url):
    assert "no-store" not in anonymous.get(url).get("Cache-Control", "")
