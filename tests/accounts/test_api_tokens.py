"""Personal API tokens: made and revoked on the account page, shown once, stored hashed, acting as their owner."""

import datetime
import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services
from accounts.models import ApiToken

API = "/api/v1/forces/"


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


def test_a_token_is_made_on_the_account_page_shown_once_and_stored_hashed(planner_a):
    response = planner_a.post("/accounts/account/api-tokens/", {"name": "Our returns system", "days": "90"})
    assert response.status_code == 302 and response["Location"].endswith("/accounts/account/#new-token")
    page = planner_a.get("/accounts/account/").content.decode()
    token = ApiToken.objects.get()
    raw = page.split('data-testid="new-token"><code>')[1].split("</code>")[0]
    assert raw.startswith(f"vawg_{token.prefix}_")
    assert token.secret_hash == hashlib.sha256(raw.encode()).hexdigest() and raw not in token.secret_hash
    assert token.expires_at.date() == (timezone.now() + datetime.timedelta(days=90)).date()
    # Shown once: the next visit lists the token without its secret.
    again = planner_a.get("/accounts/account/").content.decode()
    assert raw not in again and f"vawg_{token.prefix}" in again and "Our returns system" in again


def test_a_token_form_without_a_name_re_renders_with_the_error(planner_a):
    response = planner_a.post("/accounts/account/api-tokens/", {"name": "", "days": "7"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Enter a name for the token" in body and "Select a valid choice" in body
    assert not ApiToken.objects.exists()


def test_a_token_acts_as_its_owner_and_records_its_use(planner_a_user, force_a):
    token, raw = services.api_token_create(user=planner_a_user, name="x", days=30)
    response = Client().get(API, headers=bearer(raw))
    assert response.status_code == 200
    assert [f["code"] for f in response.json()["results"]] == ["force-a"]
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("change", ["revoked", "expired", "wrong", "inactive"])
def test_a_revoked_expired_or_wrong_token_is_a_401_problem(planner_a_user, change):
    token, raw = services.api_token_create(user=planner_a_user, name="x", days=30)
    if change == "revoked":
        services.api_token_revoke(user=planner_a_user, token_id=token.pk)
    elif change == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    elif change == "wrong":
        raw = raw[:-4] + "AAAA"
    else:
        planner_a_user.is_active = False
        planner_a_user.save()
    response = Client().get(API, headers=bearer(raw))
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_only_the_owner_revokes_a_token(planner_a, planner_b, planner_a_user):
    token, raw = services.api_token_create(user=planner_a_user, name="x", days=30)
    assert planner_b.post(f"/accounts/account/api-tokens/{token.pk}/revoke/").status_code == 404
    assert Client().get(API, headers=bearer(raw)).status_code == 200
    assert planner_a.post(f"/accounts/account/api-tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get(API, headers=bearer(raw)).status_code == 401
    assert "Revoked" in planner_a.get("/accounts/account/").content.decode()


def test_a_token_is_not_stopped_by_the_sign_in_lockout(planner_a_user, settings, force_a):
    _, raw = services.api_token_create(user=planner_a_user, name="x", days=30)
    browser = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        browser.post("/accounts/login/", {"username": planner_a_user.email, "password": "wrong"})
    locked = browser.post("/accounts/login/", {"username": planner_a_user.email, "password": "correct-horse-battery"})
    assert locked.status_code == 429 or b"locked" in locked.content.lower()
    assert browser.get(API, headers=bearer(raw)).status_code == 200


def test_the_session_still_works_and_needs_csrf_for_writes(planner_a_user, force_a):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(planner_a_user, backend="django.contrib.auth.backends.ModelBackend")
    assert browser.get(API).status_code == 200
    refused = browser.post("/api/v1/performance/returns/", {}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    # A method the endpoint does not have is a 405, not a CSRF refusal.
    wrong = browser.delete(API)
    assert wrong.status_code == 405 and wrong["Content-Type"] == "application/problem+json"


def test_tokens_need_no_csrf(planner_a_user, force_a):
    _, raw = services.api_token_create(user=planner_a_user, name="x", days=30)
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/performance/returns/", {}, content_type="application/json", headers=bearer(raw))
    assert response.status_code == 400
