"""Email preferences on the account page: saved on the user, shown checked, refused when nonsense."""

import re

from django.urls import reverse

from accounts.models import User

URL = "/accounts/account/"


def _checked(html: str) -> list[str]:
    """The values of the ticked checkboxes."""
    boxes = re.findall(r'<input[^>]*type="checkbox"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', box).group(1) for box in boxes if re.search(r"\bchecked\b", box)]


def test_every_email_is_on_until_the_user_chooses(planner_a):
    html = planner_a.get(URL).content.decode()
    assert "Email preferences" in html
    assert html.count('type="checkbox"') == 2 and _checked(html) == ["workflow", "reminders"]


def test_saving_keeps_the_choice_and_says_so(planner_a, planner_a_user):
    response = planner_a.post(URL, {"emails": ["workflow"]}, follow=True)
    assert response.redirect_chain == [(reverse("accounts:account"), 302)]
    assert "Your email preferences have been saved" in response.content.decode()
    user = User.objects.get(pk=planner_a_user.pk)
    assert (user.email_workflow, user.email_reminders) == (True, False)
    assert _checked(response.content.decode()) == ["workflow"]


def test_choosing_no_emails_is_allowed(planner_a, planner_a_user):
    planner_a.post(URL, {})
    user = User.objects.get(pk=planner_a_user.pk)
    assert (user.email_workflow, user.email_reminders) == (False, False)


def test_an_unknown_choice_is_refused_with_the_error_summary(planner_a, planner_a_user):
    response = planner_a.post(URL, {"emails": ["spam"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and 'href="#id_emails' in html
    assert User.objects.get(pk=planner_a_user.pk).email_workflow is True


def test_it_requires_sign_in(anonymous):
    assert anonymous.post(URL, {"emails": ["workflow"]}).status_code == 302
