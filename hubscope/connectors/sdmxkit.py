"""What the SDMX connectors (OECD, IMF, ECB) share: dataflow references, requests, exact unit multipliers."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, InvalidOperation

from ..errors import ConnectorError
from .mapping import Mapping, SeriesRule
from .records import MappedConnector
from .snapshot import Snapshot


def flow_parts(dataflow: str) -> tuple[str, str, str]:
    """``agency,id,version`` (version may be empty).

    >>> flow_parts("OECD.GOV.GIP,DSD_GOV@DF_GOV_PF_YU,")
    ('OECD.GOV.GIP', 'DSD_GOV@DF_GOV_PF_YU', '')
    """
    agency, fid, version = ([*dataflow.split(","), "", ""])[:3]
    return agency, fid, version


def by_request(mapping: Mapping) -> dict[str, list[SeriesRule]]:
    """The mapping's series grouped by the request that answers them: snapshot folder -> rules.

    Series that share a dataflow and key share one request (and one folder).
    """
    out: dict[str, list[SeriesRule]] = defaultdict(list)
    for rule in mapping.series.values():
        q = rule.query
        out[f"{flow_parts(q['dataflow'])[1]}/{q.get('key', 'all')}"].append(rule)
    return out


def series_names(rules: list[SeriesRule]) -> str:
    """The mapping names of the series one request answers, for error messages."""
    return "+".join(r.series for r in rules)


def selected(rule: SeriesRule, codes: dict) -> bool:
    """True when a row's codes match every ``select`` code of the rule."""
    return all(codes.get(k) == v for k, v in rule.query.get("select", {}).items())


def times_ten_to(value: object, exponent: object, where: str) -> str:
    """``value`` times 10**``exponent`` (SDMX UNIT_MULT or SCALE), exactly, as a decimal string.

    >>> times_ten_to("4251700.121", "6", "x"), times_ten_to("2.5", None, "x")
    ('4251700121000', '2.5')
    """
    try:
        return format(Decimal(str(value)).scaleb(int(str(exponent or 0))).normalize(), "f")
    except (ValueError, InvalidOperation):
        raise ConnectorError(
            f"{where}: value {value!r} or unit multiplier {exponent!r} is not a number; nothing written"
        ) from None


class SDMXConnector(MappedConnector):
    """A source answering one request per dataflow and key with one data file (kept as received)."""

    data_file = "data.xml"

    def url(self, rule: SeriesRule) -> str:
        raise NotImplementedError

    def fetch(self, progress=None) -> Snapshot:
        """Fetch every request of the mapping, then keep them as one snapshot (or nothing)."""
        files: dict[str, bytes] = {}
        groups = by_request(self.mapping)
        for i, (folder, rules) in enumerate(groups.items()):
            files[f"{folder}/{self.data_file}"] = self.get(self.url(rules[0]), f"{self.name} {rules[0].series}")
            if progress:
                progress(f"{self.name} requests", i + 1, len(groups))
        return self.keep(files, f"{self.endpoint}/data/<dataflow>/<key>")
