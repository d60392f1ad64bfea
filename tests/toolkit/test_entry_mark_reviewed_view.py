from toolkit.models import Tactic

URL = "/toolkit/curate/tool/dvpo/reviewed/"


def test_a_coordinator_marks_an_entry_reviewed(coordinator, toolkit_data, coordinator_user):
    response = coordinator.post(URL)
    assert response.status_code == 302 and response.url == "/toolkit/tools/dvpo/"
    tool = Tactic.objects.get(slug="dvpo")
    assert tool.last_reviewed_by == coordinator_user
    assert tool.needs_check is False


def test_get_is_not_allowed(coordinator, toolkit_data):
    assert coordinator.get(URL).status_code == 405


def test_a_planner_is_refused(planner_a, toolkit_data):
    assert planner_a.post(URL).status_code == 403
    assert Tactic.objects.get(slug="dvpo").last_reviewed_by is None


def test_anonymous_is_sent_to_sign_in(anonymous, toolkit_data):
    response = anonymous.post(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert Tactic.objects.get(slug="dvpo").last_reviewed_by is None
