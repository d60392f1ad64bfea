from toolkit.models import Offence
from toolkit.services import toolkit_entry_mark_reviewed


def test_it_lists_revisions_with_who_and_when_for_anyone(anonymous, toolkit_data, coordinator_user):
    toolkit_entry_mark_reviewed(entry=Offence.objects.get(slug="poa-1986-s5"), user=coordinator_user)
    response = anonymous.get("/toolkit/changes/")
    content = response.content.decode()
    assert response.status_code == 200
    first_row = content.split("<tbody")[1].split("</tr>")[0]
    assert "Harassment, alarm or distress" in first_row
    assert "Nia Coordinator" in first_row
    assert "Data file load" in content


def test_it_names_the_fields_a_curator_changed(anonymous, toolkit_data, coordinator_user):
    from toolkit.services import toolkit_entry_update

    entry = Offence.objects.get(slug="poa-1986-s5")
    toolkit_entry_update(entry=entry, user=coordinator_user, data={"summary": "Plainer words."})
    content = anonymous.get("/toolkit/changes/").content.decode()
    first_row = content.split("<tbody")[1].split("</tr>")[0]
    assert "Changed: summary<" in first_row
