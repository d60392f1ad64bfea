"""
Sign-in lockout, reset-email limits and the client address behind a proxy (issue 7, finding 7).

Lockout is by account and client address together, so failures from elsewhere cannot lock the
coordinator out; a higher per-account limit across every address stops slow guessing.
"""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.throttling import BaseThrottle

from accounts.throttling import client_ip
from notifications.models import OutboxEmail
from tests.conftest import PASSWORD

from ..factories import UserFactory


def _sign_in(email, password, *, ip, forwarded=None):
    client = Client(REMOTE_ADDR=ip, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_failures_from_another_address_do_not_lock_the_coordinator_out(coordinator_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT * 3):
        _sign_in(coordinator_user.email, "wrong-password", ip="203.0.113.66")
    response = _sign_in(coordinator_user.email, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    coordinator_user.refresh_from_db()
    assert coordinator_user.last_login is not None


def test_the_same_address_and_account_is_locked_after_the_limit(coordinator_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(coordinator_user.email, "wrong-password", ip="203.0.113.66")
    response = _sign_in(coordinator_user.email, PASSWORD, ip="203.0.113.66")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    coordinator_user.refresh_from_db()
    assert coordinator_user.last_login is None


def test_an_address_locked_for_one_account_can_still_sign_in_to_another(coordinator_user, planner_a_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(coordinator_user.email, "wrong-password", ip="203.0.113.66")
    assert _sign_in(planner_a_user.email, PASSWORD, ip="203.0.113.66").status_code == 302


def test_the_per_account_limit_locks_after_failures_from_many_addresses(coordinator_user, settings):
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 13
    per_address = settings.AXES_FAILURE_LIMIT - 1  # never enough to lock any one address
    for n in range(3):
        for _ in range(per_address):
            _sign_in(coordinator_user.email, "wrong-password", ip=f"203.0.113.{n}")
    assert _sign_in(coordinator_user.email, PASSWORD, ip="198.51.100.7").status_code == 302  # 3 x 4 = 12 failures

    _sign_in(coordinator_user.email, "wrong-password", ip="203.0.113.250")  # the 13th, from yet another address
    response = _sign_in(coordinator_user.email, PASSWORD, ip="198.51.100.8")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()


def test_the_default_limits_are_five_per_address_and_fifty_per_account(settings):
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
    assert (settings.AXES_FAILURE_LIMIT, settings.AXES_ACCOUNT_FAILURE_LIMIT) == (5, 50)
    assert settings.AXES_HANDLER == "accounts.throttling.AxesHandler"


def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(coordinator_user, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(coordinator_user.email, "wrong-password", ip="203.0.113.66", forwarded=f"10.0.0.{n}")
    response = _sign_in(coordinator_user.email, PASSWORD, ip="203.0.113.66", forwarded="10.9.9.9")
    assert response.status_code == 429


def test_behind_one_proxy_the_client_is_the_address_the_proxy_appended(coordinator_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    # The attacker forges the left part; the proxy appends the real address on the right.
    for n in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(coordinator_user.email, "wrong-password", ip=proxy, forwarded=f"192.0.2.{n}, 203.0.113.66")
    assert _sign_in(coordinator_user.email, PASSWORD, ip=proxy, forwarded="203.0.113.66").status_code == 429
    assert _sign_in(coordinator_user.email, PASSWORD, ip=proxy, forwarded="198.51.100.7").status_code == 302


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "192.0.2.1", "203.0.113.9"),
    (1, "", "203.0.113.9"),
    (1, "192.0.2.1", "192.0.2.1"),
    (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),
    (2, "6.6.6.6, 192.0.2.1, 10.0.0.5", "192.0.2.1"),
    (2, "192.0.2.1", "192.0.2.1"),
    (1, "not-an-address", "203.0.113.9"),
])
def test_client_ip_agrees_with_drf_num_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": proxies}
    meta = {"REMOTE_ADDR": "203.0.113.9", **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected
    if forwarded != "not-an-address":
        assert BaseThrottle().get_ident(request) == expected


# Password-reset emails ------------------------------------------------------------------------


def _reset(email, *, ip="203.0.113.9"):
    return Client(REMOTE_ADDR=ip).post(reverse("accounts:password_reset"), {"email": email})


def _emails_to() -> list[str]:
    """Recipients of the emails written to the outbox (every email goes through it), oldest first."""
    return list(OutboxEmail.objects.order_by("pk").values_list("to", flat=True))


def test_reset_emails_are_limited_per_address_without_changing_the_page(planner_a_user, settings):
    responses = [_reset(planner_a_user.email, ip=f"203.0.113.{n}") for n in range(5)]
    assert len(_emails_to()) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    assert {(r.status_code, r.url) for r in responses} == {(302, reverse("accounts:password_reset_done"))}


def test_the_address_limit_ignores_case(planner_a_user):
    for email in ("planner.a@example.com", "PLANNER.A@example.com", "Planner.A@Example.com", "planner.a@EXAMPLE.COM"):
        _reset(email)
    assert len(_emails_to()) == 3


def test_reset_emails_are_limited_per_client(db, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 4
    users = [UserFactory(email=f"person{n}@example.com") for n in range(6)]
    responses = [_reset(user.email) for user in users]
    assert _emails_to() == [user.email for user in users[:4]]
    assert {r.status_code for r in responses} == {302}
    # Another client is not affected.
    _reset(users[5].email, ip="198.51.100.7")
    assert _emails_to()[-1] == users[5].email


def test_requests_for_unknown_addresses_count_towards_the_client_limit(planner_a_user, settings):
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 2
    _reset("nobody@example.com")
    _reset("nobody.else@example.com")
    _reset(planner_a_user.email)
    assert _emails_to() == []
