"""hubscope: an open observatory for national AI ecosystems.

>>> import hubscope
>>> store = hubscope.open("sqlite:///:memory:")
"""

__version__ = "0.1.0"

from .errors import HubscopeError  # noqa: E402
from .figures import Figure, FigureSet  # noqa: E402
from .metrics.compare import compare  # noqa: E402
from .metrics.profile import Profile, profile  # noqa: E402
from .model import Entity, Indicator, Observation  # noqa: E402
from .periods import Period  # noqa: E402
from .provenance import Provenance, Revision, Source  # noqa: E402
from .store import Store, open  # noqa: E402

__all__ = ["Entity", "Figure", "FigureSet", "HubscopeError", "Profile", "compare", "profile",
           "Indicator", "Observation", "Period", "Provenance",
           "Revision", "Source", "Store", "open"]
