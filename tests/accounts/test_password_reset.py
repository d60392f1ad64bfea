import re

from django.core import mail
from django.urls import reverse

from notifications.models import OutboxEmail
from tests.conftest import PASSWORD


def test_it_emails_a_reset_link_through_the_outbox(client, planner_a_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": planner_a_user.email})
    assert response.status_code == 302
    row = OutboxEmail.objects.get()
    assert (row.to, row.status) == (planner_a_user.email, OutboxEmail.Status.SENT)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [planner_a_user.email]
    assert "Reset your VAWG Portal password" in mail.outbox[0].subject


def test_the_link_sets_a_new_password(client, planner_a_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": planner_a_user.email})
    link = re.search(r"http://testserver(\S+)", mail.outbox[0].body).group(1)
    form_url = client.get(link).url  # Django swaps the token for a session value and redirects
    new = "a-much-longer-secret-42"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    planner_a_user.refresh_from_db()
    assert planner_a_user.check_password("a-much-longer-secret-42")
    assert not planner_a_user.check_password(PASSWORD)


def test_unknown_address_gets_the_same_answer_and_no_email(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    assert not OutboxEmail.objects.exists()


def test_it_asks_for_a_valid_address(client, db):
    body = client.post(reverse("accounts:password_reset"), {"email": "not-an-email"}).content.decode()
    assert "Enter an email address in the correct format" in body
