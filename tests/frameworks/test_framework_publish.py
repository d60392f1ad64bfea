"""frameworks.services.framework_publish and framework_retire: status transitions with checks."""

import datetime

import pytest

from common.errors import DomainError
from frameworks.models import Framework
from frameworks.services import framework_load, framework_publish, framework_retire


def test_it_publishes_a_complete_draft(db, framework_data):
    framework = framework_load(data=framework_data)

    framework_publish(framework=framework, published_on=datetime.date(2026, 1, 5))

    framework.refresh_from_db()
    assert framework.status == Framework.Status.PUBLISHED
    assert framework.published_on == datetime.date(2026, 1, 5)


def test_it_refuses_to_publish_without_an_action_for_forces(db, framework_data):
    for pillar in framework_data["pillars"]:
        for outcome in pillar["outcomes"]:
            for action in outcome["actions"]:
                action["audience"] = "national"
    framework = framework_load(data=framework_data)

    with pytest.raises(DomainError, match="at least one action for forces"):
        framework_publish(framework=framework)

    framework.refresh_from_db()
    assert framework.status == Framework.Status.DRAFT


def test_it_refuses_to_publish_a_published_framework(db, frameworks):
    with pytest.raises(DomainError, match="Only a draft framework can be published"):
        framework_publish(framework=frameworks["2021"])


def test_it_retires_a_published_framework(db, frameworks):
    framework_retire(framework=frameworks["2021"])

    frameworks["2021"].refresh_from_db()
    assert frameworks["2021"].status == Framework.Status.RETIRED


def test_it_refuses_to_retire_a_draft(db, framework_data):
    framework = framework_load(data=framework_data)

    with pytest.raises(DomainError, match="Only a published framework can be retired"):
        framework_retire(framework=framework)

    framework.refresh_from_db()
    assert framework.status == Framework.Status.DRAFT


def test_it_refuses_to_publish_before_the_previous_framework(db, framework_data):
    previous = framework_load(data=framework_data)
    successor = {**framework_data, "slug": "test-successor", "previous": {"slug": "test-framework", "version": "1.0"}}
    framework = framework_load(data=successor)

    with pytest.raises(DomainError, match="first: this framework maps from it"):
        framework_publish(framework=framework)

    framework_publish(framework=previous)
    framework_publish(framework=framework)
    framework.refresh_from_db()
    assert framework.status == Framework.Status.PUBLISHED
