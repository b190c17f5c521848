"""e-Stat (Japan's official statistics API): needs an application id; no table is mapped yet.

e-Stat answers only with an application id (``ESTAT_APP_ID``). No recorded getStatsData answer
exists to build and test a mapping against (only a re-serialised getStatsList), so this connector
says so in one line instead of guessing at a table's layout.
"""

from __future__ import annotations

import os

from ..errors import ConnectorError
from .base import Record
from .snapshot import Snapshot

ENV = "ESTAT_APP_ID"


class EStat:
    name = "estat"
    source_prefix = "estat-"
    reason_label = "e-Stat"

    def __init__(self, **_options):
        self.app_id = os.environ.get(ENV, "").strip()

    def fetch(self, progress=None) -> Snapshot:
        if not self.app_id:
            raise ConnectorError(
                f"estat: set {ENV} to an e-Stat application id (free, https://www.e-stat.go.jp/api/) to fetch; "
                "nothing written"
            )
        raise ConnectorError(
            "estat: no e-Stat table is mapped yet (no recorded getStatsData answer to check a mapping against); "
            "nothing written"
        )

    def read(self, snapshot: Snapshot) -> list[Record]:
        raise ConnectorError(f"estat: snapshot {snapshot.id}: no e-Stat table is mapped yet; nothing written")
