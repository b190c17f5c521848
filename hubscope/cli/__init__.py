"""The command line: one thin command per verb over the library."""

from . import commands, connector_commands, contrib_commands, metrics_commands, pipeline_commands, policy_commands  # noqa: F401  (they register their commands)
from .app import app

__all__ = ["app"]
