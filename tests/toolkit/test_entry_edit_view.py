from toolkit.models import Behaviour, Offence

URL = "/toolkit/curate/behaviour/stalking/"


def test_a_coordinator_sees_the_form(coordinator, toolkit_data):
    response = coordinator.get(URL)
    assert response.status_code == 200
    assert "Edit Stalking" in response.content.decode()


def test_a_coordinator_saves_an_edit_and_marks_it_reviewed(coordinator, toolkit_data, coordinator_user):
    behaviour = Behaviour.objects.get(slug="stalking")
    data = {
        "name": "Stalking", "category": behaviour.category, "summary": "A new plain summary.",
        "examples": behaviour.examples, "aliases": behaviour.aliases, "toolkit_note": "",
        "verified": "sourced", "source_url": behaviour.source_url, "verification_note": "", "mark_reviewed": "on",
    }
    response = coordinator.post(URL, data)
    assert response.status_code == 302 and response.url == "/toolkit/behaviours/stalking/"
    behaviour.refresh_from_db()
    assert behaviour.summary == "A new plain summary."
    assert behaviour.last_reviewed_by == coordinator_user and behaviour.curated_at is not None
    assert behaviour.history.first().history_user == coordinator_user


def test_a_missing_summary_shows_a_gov_uk_error(coordinator, toolkit_data):
    response = coordinator.post("/toolkit/curate/offence/poa-1986-s5/", {"name": ""})
    content = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in content and "Enter a name" in content
    assert Offence.objects.get(slug="poa-1986-s5").curated_at is None


def test_a_planner_is_refused(planner_a, toolkit_data):
    assert planner_a.get(URL).status_code == 403
    assert planner_a.post(URL, {"name": "x"}).status_code == 403
    assert Behaviour.objects.get(slug="stalking").name == "Stalking"


def test_an_analyst_is_refused(analyst, toolkit_data):
    assert analyst.get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(anonymous, toolkit_data):
    response = anonymous.get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_an_unknown_kind_is_404(coordinator, toolkit_data):
    assert coordinator.get("/toolkit/curate/spell/stalking/").status_code == 404


def test_the_admin_is_closed_to_planners(planner_a, toolkit_data):
    response = planner_a.get("/admin/toolkit/offence/")
    assert response.status_code == 302 and "/admin/login/" in response.url
