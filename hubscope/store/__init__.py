"""The sourced indicator store."""

from .core import Store, default_url


def open(url: str | None = None) -> Store:  # noqa: A001 - mirrors the builtin on purpose
    """Open the store at ``url`` (default: ``HUBSCOPE_DB`` or the platform data directory)."""
    return Store(url)


__all__ = ["Store", "default_url", "open"]
