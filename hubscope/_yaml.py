"""YAML reading through libyaml when PyYAML was built with it (about ten times faster)."""

from __future__ import annotations

from typing import Any

import yaml

# The C loader is a drop-in for SafeLoader: same tags, same errors (yaml.YAMLError).
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load`` with the C loader where available."""
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
