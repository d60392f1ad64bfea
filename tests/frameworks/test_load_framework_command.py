"""manage.py load_framework FILE [FILE...]."""

import pytest
import yaml
from django.core.management import CommandError, call_command

from frameworks.models import Framework
from frameworks.reference import FRAMEWORK_FILES


def test_it_loads_the_files_in_order_and_prints_a_summary(db, capsys):
    call_command("load_framework", *map(str, FRAMEWORK_FILES))

    out = capsys.readouterr().out
    assert "vawg-framework-2021 version 1.0: 39 created, 0 updated, 0 removed, 0 unchanged" in out
    assert "vawg-framework-2024 version 1.0: 31 created" in out
    assert Framework.objects.get(slug="vawg-framework-2024").previous.slug == "vawg-framework-2021"


def test_running_it_again_changes_nothing(db, capsys):
    call_command("load_framework", *map(str, FRAMEWORK_FILES))
    call_command("load_framework", *map(str, FRAMEWORK_FILES))

    out = capsys.readouterr().out
    assert "vawg-framework-2021 version 1.0: 0 created, 0 updated, 0 removed, 39 unchanged" in out
    assert Framework.objects.count() == 2


def test_an_invalid_file_is_a_command_error_naming_the_key_path(db, tmp_path, framework_data):
    framework_data["pillars"][0]["outcomes"][0]["actions"][1]["audience"] = "everyone"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(framework_data))

    with pytest.raises(CommandError) as info:
        call_command("load_framework", str(path))

    assert str(info.value) == (f"{path}: pillars[0].outcomes[0].actions[1].audience: must be one of forces, national")
    assert not Framework.objects.exists()


def test_a_missing_or_malformed_file_is_a_command_error(db, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("slug: [unclosed")

    with pytest.raises(CommandError, match="file not found"):
        call_command("load_framework", str(tmp_path / "missing.yaml"))
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_framework", str(broken))


def test_the_2024_file_alone_fails_because_its_previous_framework_is_missing(db):
    with pytest.raises(CommandError, match="previous: no framework vawg-framework-2021 version 1.0 is loaded"):
        call_command("load_framework", str(FRAMEWORK_FILES[1]))
    assert not Framework.objects.exists()
