from toolkit.models import Offence
from toolkit.services import toolkit_entry_mark_reviewed


def test_it_lists_revisions_with_who_and_when_for_anyone(anonymous, toolkit_data, coordinator_user):
    toolkit_entry_mark_reviewed(entry=Offence.objects.get(slug="poa-1986-s5"), user=coordinator_user)
    response = anonymous.get("/toolkit/changes/")
    content = response.content.decode()
    assert response.status_code == 200
    first_row = content.split("<tbody")[1].split("</tr>")[0]
    assert "Harassment, alarm or distress" in first_row
    assert "National coordinator" in first_row
    # The log is public: it names the role, never the person.
    assert "Nia Coordinator" not in content and coordinator_user.email not in content
    assert "Data file load" in content


def test_it_names_the_fields_a_curator_changed(anonymous, toolkit_data, coordinator_user):
    from toolkit.services import toolkit_entry_update

    entry = Offence.objects.get(slug="poa-1986-s5")
    toolkit_entry_update(entry=entry, user=coordinator_user, data={"summary": "Plainer words."})
    content = anonymous.get("/toolkit/changes/").content.decode()
    first_row = content.split("<tbody")[1].split("</tr>")[0]
    assert "Changed: summary<" in first_row


def test_a_reviewed_entry_names_the_reviewers_role_not_the_person(anonymous, toolkit_data, coordinator_user):
    toolkit_entry_mark_reviewed(entry=Offence.objects.get(slug="poa-1986-s5"), user=coordinator_user)
    content = anonymous.get("/toolkit/offences/poa-1986-s5/").content.decode()
    assert " by national coordinator" in content
    assert "Nia Coordinator" not in content and coordinator_user.email not in content
