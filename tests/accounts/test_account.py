from django.urls import reverse


def test_it_shows_the_users_role_and_force(planner_a):
    body = planner_a.get(reverse("accounts:account")).content.decode()
    assert "Pat Planner" in body
    assert "Force planner" in body
    assert "Force A Constabulary" in body


def test_national_user_has_no_force(coordinator):
    body = coordinator.get(reverse("accounts:account")).content.decode()
    assert "National team" in body


def test_it_requires_sign_in(anonymous):
    response = anonymous.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_navigation_depends_on_being_signed_in(anonymous, planner_a):
    assert "Your account" not in anonymous.get(reverse("home")).content.decode()
    assert "Your account" in planner_a.get(reverse("home")).content.decode()
