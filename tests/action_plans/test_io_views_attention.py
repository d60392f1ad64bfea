"""The "Needs your attention" list: each user sees and clears only their own unread notifications."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from notifications.context_processors import attention_count
from notifications.models import Notification

URL = "/attention/"


def _note(user, *, key, url="", read=False, message=None):
    return Notification.objects.create(
        user=user, kind=Notification.Kind.SUBMITTED, key=key, url=url,
        message=message or f"Message {key}", read_at=timezone.now() if read else None,
    )


def test_the_list_shows_only_my_unread_notifications_newest_first(
    chief_a, chief_a_user, planner_a_user, plan_a, django_assert_num_queries
):
    older = _note(chief_a_user, key="a", url=f"/plans/{plan_a.pk}/", message="Older one")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    _note(chief_a_user, key="b", message="Newer one")
    _note(chief_a_user, key="c", read=True, message="Already read")
    _note(planner_a_user, key="d", message="Someone else's")
    # session, user, the notifications, the unread count in the header; the
    # to-dos: the force's plans with their work counted, their gaps (3), and for performance
    # returns the force, its returns and the open periods
    with django_assert_num_queries(11):
        response = chief_a.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "You have 2 unread notifications." in html
    assert html.index("Newer one") < html.index("Older one")
    assert "Already read" not in html and "Someone else" not in html
    assert f'<form method="post" action="/attention/{older.pk}/"' in html


def test_an_empty_list_says_so(planner_a):
    response = planner_a.get(URL)
    assert response.status_code == 200
    assert "No unread notifications." in response.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(chief_a, chief_a_user, plan_a):
    note = _note(chief_a_user, key="a", url=f"/plans/{plan_a.pk}/")
    response = chief_a.post(f"/attention/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan_a.pk}/"
    note.refresh_from_db()
    first_read = note.read_at
    assert first_read is not None
    chief_a.post(f"/attention/{note.pk}/")
    note.refresh_from_db()
    assert note.read_at == first_read


def test_following_the_address_by_get_goes_there_but_changes_nothing(chief_a, chief_a_user, plan_a):
    note = _note(chief_a_user, key="a", url=f"/plans/{plan_a.pk}/")
    response = chief_a.get(f"/attention/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/plans/{plan_a.pk}/"
    note.refresh_from_db()
    assert note.read_at is None


def test_a_notification_without_a_page_returns_to_the_list(planner_a, planner_a_user):
    note = _note(planner_a_user, key="a")
    response = planner_a.post(f"/attention/{note.pk}/")
    assert response["Location"] == URL
    note.refresh_from_db()
    assert note.read_at is not None


def test_a_link_to_another_site_is_never_followed(planner_a, planner_a_user):
    note = _note(planner_a_user, key="a", url="https://evil.example/phish")
    assert planner_a.post(f"/attention/{note.pk}/")["Location"] == URL
    assert planner_a.get(f"/attention/{note.pk}/")["Location"] == URL


def test_someone_elses_notification_is_not_found(planner_b, planner_a_user):
    note = _note(planner_a_user, key="a")
    assert planner_b.get(f"/attention/{note.pk}/").status_code == 404
    assert planner_b.post(f"/attention/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_as_read_clears_only_my_list(chief_a, chief_a_user, planner_a_user):
    _note(chief_a_user, key="a")
    _note(chief_a_user, key="b")
    theirs = _note(planner_a_user, key="c")
    response = chief_a.post("/attention/read-all/")
    assert response.status_code == 302
    assert Notification.objects.filter(user=chief_a_user, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert "Marked 2 notifications as read" in chief_a.get(URL).content.decode()


def test_mark_all_as_read_only_answers_post(chief_a):
    assert chief_a.get("/attention/read-all/").status_code == 405


@pytest.mark.parametrize("url", [URL, "/attention/1/", "/attention/read-all/"])
def test_anonymous_visitors_are_sent_to_sign_in(anonymous, url):
    response = anonymous.get(url) if url == URL else anonymous.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_header_count_is_my_unread_notifications_counted_once(
    chief_a_user, planner_a_user, django_assert_num_queries
):
    _note(chief_a_user, key="a")
    _note(chief_a_user, key="b", read=True)
    _note(planner_a_user, key="c")
    request = RequestFactory().get("/")
    request.user = chief_a_user
    count = attention_count(request)["attention_count"]
    with django_assert_num_queries(1):
        assert (count(), count()) == (1, 1)


def test_the_header_count_is_zero_for_anonymous_visitors(db):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    assert attention_count(request) == {"attention_count": 0}
