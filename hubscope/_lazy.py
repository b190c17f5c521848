"""Public names of a package imported from their submodules on first use (PEP 562)."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def exports(package: str, names: dict[str, tuple[str, ...]]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for ``package``; ``names`` maps a submodule to its names.

    Why: importing a package should cost nothing its caller does not use. The CLI's start-up
    must not pay for pandas, SQLAlchemy or argon2 to print its help. A name must not be the
    name of a submodule: once that submodule is imported, its module would shadow the name.
    """
    where = {name: module for module, ns in names.items() for name in ns}
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> object:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value  # later look-ups are plain attribute reads
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(where))

    return __getattr__, __dir__
