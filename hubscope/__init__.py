"""hubscope: an open observatory for national AI ecosystems.

>>> import hubscope
>>> store = hubscope.open("sqlite:///:memory:")
"""

from typing import TYPE_CHECKING

from . import _lazy

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .errors import HubscopeError
    from .figures import Figure, FigureSet
    from .metrics.compare import compare
    from .metrics.profile import Profile, profile
    from .model import Entity, Indicator, Observation
    from .periods import Period
    from .provenance import Provenance, Revision, Source
    from .store import Store, open

# Imported on first use: `import hubscope` (and so every CLI command) must not load the store's
# SQLAlchemy and pandas until a store is opened.
__getattr__, __dir__ = _lazy.exports(
    __name__,
    {
        ".errors": ("HubscopeError",),
        ".figures": ("Figure", "FigureSet"),
        ".metrics.compare": ("compare",),
        ".metrics.profile": ("Profile", "profile"),
        ".model": ("Entity", "Indicator", "Observation"),
        ".periods": ("Period",),
        ".provenance": ("Provenance", "Revision", "Source"),
        ".store": ("Store", "open"),
    },
)

__all__ = [
    "Entity",
    "Figure",
    "FigureSet",
    "HubscopeError",
    "Profile",
    "compare",
    "profile",
    "Indicator",
    "Observation",
    "Period",
    "Provenance",
    "Revision",
    "Source",
    "Store",
    "open",
]
