"""Pure helpers for reading shipped reference data files (YAML)."""

from pathlib import Path
from typing import Any

import yaml


class ReferenceDataError(Exception):
    """A reference data file is malformed. The message names the key path, e.g. `pillars[1].code`."""


def read_yaml(path: Path | str) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise ReferenceDataError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{path}: not valid YAML ({exc})") from exc
