"""frameworks.services.framework_content_save: the admin's save path obeys the published rule."""

import pytest

from common.errors import DomainError
from frameworks.models import Framework, FrameworkAction, Outcome
from frameworks.services import framework_content_save, framework_load


def test_it_saves_an_edit_to_a_draft(db, framework_data):
    framework = framework_load(data=framework_data)
    action = framework.actions.get(code="A.1.1")
    action.text = "Edited"

    framework_content_save(obj=action)

    action.refresh_from_db()
    assert action.text == "Edited"


@pytest.mark.parametrize("kind", ["framework", "pillar", "outcome", "action"])
def test_it_refuses_an_edit_to_a_published_framework(db, frameworks, kind):
    framework = frameworks["2021"]
    obj = {
        "framework": framework,
        "pillar": framework.pillars.get(code="P1"),
        "outcome": Outcome.objects.get(code="P1.a", pillar__framework=framework),
        "action": framework.actions.get(code="P1.a.1"),
    }[kind]
    field = {"framework": "title", "pillar": "title", "outcome": "title", "action": "text"}[kind]
    original = getattr(obj, field)
    setattr(obj, field, "Edited in place")

    with pytest.raises(DomainError, match="cannot be changed in place"):
        framework_content_save(obj=obj)

    obj.refresh_from_db()
    assert getattr(obj, field) == original


def test_it_refuses_to_change_status_by_editing(db, framework_data):
    framework = framework_load(data=framework_data)
    framework.status = Framework.Status.PUBLISHED

    with pytest.raises(DomainError, match="by publishing or retiring"):
        framework_content_save(obj=framework)

    framework.refresh_from_db()
    assert framework.status == Framework.Status.DRAFT


def test_it_refuses_an_action_under_another_frameworks_outcome(db, frameworks, framework_data):
    framework = framework_load(data=framework_data)
    action = framework.actions.get(code="A.1.1")
    action.outcome = Outcome.objects.get(code="P1.a")

    with pytest.raises(DomainError, match="same framework"):
        framework_content_save(obj=action)

    assert FrameworkAction.objects.get(pk=action.pk).outcome.code == "A.1"
