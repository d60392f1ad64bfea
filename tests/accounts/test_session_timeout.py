"""The idle session timeout (WCAG 2.2.1): activity renews the session; the warning's checks do not."""

import datetime
import time

import time_machine
from django.conf import settings
from django.test import Client

from accounts.middleware import ACTIVE_UNTIL, RENEW_AFTER

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def _signed_in(user) -> Client:
    """A client signed in now (call inside time_machine.travel, so the idle clock starts then)."""
    client = Client()
    client.force_login(user)
    return client


def test_the_idle_limit_is_thirty_minutes_by_default_not_eight_hours():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_TIMEOUT_WARNING_SECONDS == 120


def test_a_session_ends_after_thirty_idle_minutes_and_activity_renews_it(planner_a_user):
    with time_machine.travel(START, tick=False) as clock:
        planner_a = _signed_in(planner_a_user)
        assert planner_a.get("/accounts/account/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert planner_a.get("/accounts/account/").status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert planner_a.get("/accounts/account/").status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = planner_a.get("/accounts/account/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/account/"


def test_asking_how_long_is_left_does_not_renew_the_session(planner_a_user):
    with time_machine.travel(START, tick=False) as clock:
        planner_a = _signed_in(planner_a_user)
        planner_a.get("/accounts/account/")
        active_until = planner_a.session[ACTIVE_UNTIL]
        clock.shift(datetime.timedelta(minutes=10))
        response = planner_a.get("/accounts/session/")
        assert response.json() == {"seconds_left": 20 * 60}
        assert planner_a.session[ACTIVE_UNTIL] == active_until
        clock.shift(datetime.timedelta(minutes=21))
        assert planner_a.get("/accounts/session/").json() == {"seconds_left": 0}
        assert planner_a.get("/accounts/account/").status_code == 302


def test_stay_signed_in_renews_the_session_and_answers_204(planner_a_user):
    with time_machine.travel(START, tick=False) as clock:
        planner_a = _signed_in(planner_a_user)
        planner_a.get("/accounts/account/")
        clock.shift(datetime.timedelta(minutes=28))
        assert planner_a.post("/accounts/session/extend/").status_code == 204
        assert planner_a.get("/accounts/session/").json() == {"seconds_left": 30 * 60}
        clock.shift(datetime.timedelta(minutes=20))
        assert planner_a.get("/accounts/account/").status_code == 200


def test_signing_in_starts_the_clock_and_pages_within_a_minute_write_no_session(
    planner_a_user, django_assert_num_queries
):
    with time_machine.travel(START, tick=False) as clock:
        planner_a = _signed_in(planner_a_user)
        assert planner_a.session[ACTIVE_UNTIL] == int(START.timestamp()) + 30 * 60
        clock.shift(datetime.timedelta(seconds=RENEW_AFTER - 1))
        with django_assert_num_queries(2):  # the session and the user: no write
            planner_a.get("/accounts/session/extend/")
        clock.shift(datetime.timedelta(seconds=2))
        planner_a.get("/accounts/session/extend/")
        assert planner_a.session[ACTIVE_UNTIL] == int(START.timestamp()) + RENEW_AFTER + 1 + 30 * 60


def test_stay_signed_in_answers_401_once_signed_out_and_refuses_get(anonymous, planner_a):
    assert anonymous.post("/accounts/session/extend/").status_code == 401
    assert planner_a.get("/accounts/session/extend/").status_code == 405
    assert anonymous.get("/accounts/session/").json() == {"seconds_left": 0}


def test_the_signed_out_page_keeps_where_the_user_was(anonymous):
    response = anonymous.get("/accounts/session/ended/", {"next": "/plans/3/actions/new/"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "You have been signed out" in content
    assert "30 minutes" in content
    assert 'href="/accounts/login/?next=%2Fplans%2F3%2Factions%2Fnew%2F"' in content


def test_the_signed_out_page_ignores_a_next_on_another_site(anonymous):
    content = anonymous.get("/accounts/session/ended/", {"next": "https://evil.example/"}).content.decode()
    assert "evil.example" not in content
    assert 'href="/accounts/login/"' in content


def test_the_signed_out_page_signs_out_only_a_session_whose_time_is_up(planner_a):
    planner_a.get("/accounts/account/")
    assert planner_a.get("/accounts/session/ended/").status_code == 200
    assert planner_a.get("/accounts/account/").status_code == 200  # time left: another tab was in use
    session = planner_a.session
    session[ACTIVE_UNTIL] = int(time.time()) - 1
    session.save()
    planner_a.get("/accounts/session/ended/")
    assert planner_a.get("/accounts/account/").status_code == 302


def test_signed_in_pages_carry_the_timeout_dialog_and_its_script(planner_a, anonymous):
    content = planner_a.get("/accounts/account/").content.decode()
    assert '<dialog id="app-timeout-dialog"' in content
    assert 'data-idle-seconds="1800" data-warning-seconds="120"' in content
    assert 'data-status-url="/accounts/session/"' in content
    assert "js/session-timeout.js" in content
    assert 'name="csrfmiddlewaretoken"' in content[content.index("<dialog"):]
    assert "<dialog" not in anonymous.get("/toolkit/").content.decode()
