"""Derived indicators, declared in catalog/derived.yml and computed with their whole chain.

A derivation keeps every input observation (with its source), every rate, and the formula,
so ``explain`` can show how a number was made. Nothing here is stored: derived figures are
recomputed from the current data, so they never go stale.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jsonschema
import pandas as pd

from .. import _yaml
from ..catalog import load_catalog
from ..catalog.loader import HERE
from ..errors import CatalogError, MetricError, UnknownIndicator
from ..figures import Figure, Flags
from ..figures import Input as FigInput
from ..model import _num
from ..periods import Period
from ..provenance import Provenance, Source
from ..store.queries import METHOD_RANK, is_stale
from ..units import conversion_factor, parse_unit, pretty_unit
from .money import Rate, Rates, convert, currency_of

if TYPE_CHECKING:
    from ..pipelines.explain import PipelineExplanation
    from ..store import Store

Row = dict[str, Any]  # one observation as a record, as Store.observations returns them

STATUS_ORDER = ("verified", "unverified", "disputed")
USABLE = ("exact", "approx")  # bounds and ranges do not divide honestly


@dataclass(frozen=True)
class DerivedIndicator:
    id: str
    name_en: str
    name_ja: str
    kind: str
    of: str
    unit: str
    pillar: str
    higher_is_better: bool | None


@dataclass(frozen=True)
class Input:
    """One stored figure a derivation used, with its provenance."""

    role: str
    entity: str
    indicator: str
    period: str
    value: float
    unit: str
    source: str
    publisher: str
    url: str | None
    vintage: str | None
    status: str
    observation_id: int

    def describe(self) -> str:
        vint = f", {self.vintage}" if self.vintage else ""
        return (
            f"{self.role}: {self.indicator} {self.entity} {self.period} = {_num(self.value)} "
            f"{pretty_unit(self.unit)} [{self.status}] ({self.publisher}{vint}; {self.url or 'no URL'})"
        )


@dataclass(frozen=True)
class Derivation:
    """A derived value and everything it came from."""

    indicator: str
    entity: str
    period: str
    value: float
    unit: str
    formula: str
    inputs: tuple[Input, ...]
    rates: tuple[Rate, ...] = ()
    notes: tuple[str, ...] = ()
    approx: bool = False

    @property
    def status(self) -> str:
        return max((i.status for i in self.inputs), key=STATUS_ORDER.index, default="verified")

    def explain(self) -> str:
        lines = [
            f"{self.indicator} for {self.entity}, {self.period} = "
            f"{'~' if self.approx else ''}{_num(self.value)} {pretty_unit(self.unit)} "
            f"(method: derived; status: {self.status})",
            f"  formula: {self.formula}",
            "  inputs:",
        ]
        lines += [f"    - {i.describe()}" for i in self.inputs]
        if self.rates:
            lines.append("  rates:")
            lines += [f"    - {r.describe()}" for r in self.rates]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)

    def figure(self, alternatives: int = 0) -> Figure:
        """This derivation as a typed Figure: inputs as Figures with their own provenance."""
        inputs = tuple(
            FigInput(
                i.role,
                Figure(
                    entity=i.entity,
                    indicator=i.indicator,
                    period=Period.parse(i.period),
                    unit=i.unit,
                    value=i.value,
                    provenance=Provenance(
                        Source(i.source, i.publisher, i.publisher, i.url), i.vintage, status=i.status
                    ),
                    observation_id=i.observation_id,
                ),
            )
            for i in self.inputs
        )
        publishers = "; ".join(sorted({i.publisher for i in self.inputs}))
        source = Source("derived", f"hubscope (derived from {publishers})", self.formula)
        period = Period.parse(self.period)
        return Figure(
            entity=self.entity,
            indicator=self.indicator,
            period=period,
            unit=self.unit,
            provenance=Provenance(source, method="derived", status=self.status),
            value=self.value,
            qualifier="approx" if self.approx else "exact",
            value_std=self.value,
            unit_std=self.unit,
            note="; ".join(self.notes) or None,
            formula=self.formula,
            inputs=inputs,
            notes=self.notes,
            flags=Flags(stale=is_stale(period), alternatives=alternatives),
        )

    def row(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "indicator": self.indicator,
            "period": self.period,
            "value": self.value,
            "unit": self.unit,
            "value_std": self.value,
            "display": ("~" if self.approx else "") + _num(self.value),
            "method": "derived",
            "status": self.status,
            "source": "derived",
            "publisher": "hubscope (derived from " + "; ".join(sorted({i.publisher for i in self.inputs})) + ")",
            "formula": self.formula,
            "note": "; ".join(self.notes) or None,
            "inputs": json.dumps([asdict(i) for i in self.inputs], ensure_ascii=False),
            "rates": json.dumps([asdict(r) for r in self.rates], ensure_ascii=False),
        }


def derived_catalog(path: Path | None = None) -> dict[str, DerivedIndicator]:
    """The derived indicators (bundled unless ``path``), validated against schema and catalog."""
    return _bundled_derived() if path is None else _load_derived(path)


@lru_cache(maxsize=1)
def _bundled_derived() -> dict[str, DerivedIndicator]:
    return _load_derived(HERE / "derived.yml")


def _load_derived(path: Path) -> dict[str, DerivedIndicator]:
    data = _yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = json.loads((HERE / "schemas" / "derived.schema.json").read_text(encoding="utf-8"))
    try:
        jsonschema.validate(data, schema)
    except jsonschema.ValidationError as exc:
        raise CatalogError(f"{path}: {exc.message}") from None
    cat = load_catalog()
    out: dict[str, DerivedIndicator] = {}
    for item in data:
        d = DerivedIndicator(**item)
        base = cat.indicators.get(d.of)
        if base is None:
            raise CatalogError(f"derived.yml: {d.id}: unknown base indicator {d.of!r}")
        if d.id in cat.indicators or d.id in out:
            raise CatalogError(f"derived.yml: {d.id}: id already used")
        dims = parse_unit(base.unit.replace("LCU", "USD")).dimensionality
        # .real: pint types an exponent as any number, complex included; ours are int or float
        if d.kind in ("per_capita", "per_million") and dims.get("[population]", 0).real < 0:
            raise CatalogError(
                f"derived.yml: {d.id}: {d.of} is already per person; "
                "a per-capita figure is never divided by population again"
            )
        if d.kind == "pp_change" and base.unit != "percent":
            raise CatalogError(f"derived.yml: {d.id}: percentage-point change needs a percent figure")
        if d.kind == "share_of_gdp" and not any(k.startswith("[currency_") for k in dims):
            raise CatalogError(f"derived.yml: {d.id}: share of GDP needs a money figure")
        out[d.id] = d
    return out


@dataclass
class Context:
    """Everything a batch of derivations reads, fetched once and indexed by indicator and entity.

    Exchange rates are read on first use: most comparisons never need one.
    """

    frame: pd.DataFrame
    _rates: Rates | None = None
    skipped: list[str] = field(default_factory=list)
    store: Store | None = None

    @property
    def rates(self) -> Rates:
        if self._rates is None:
            if self.store is None:
                raise MetricError("no exchange rates: this context was made without rates or a store to read them")
            self._rates = Rates.from_store(self.store)
        return self._rates

    def __post_init__(self) -> None:
        usable = self.frame[self.frame["value"].notna() & self.frame["qualifier"].isin(USABLE)]
        self._index: dict[tuple[str, str], list[Row]] = {}
        for r in cast("list[Row]", usable.to_dict("records")):  # the column labels are str
            self._index.setdefault((r["indicator"], r["entity"]), []).append(r)

    @classmethod
    def from_store(cls, store: Store, entities: Sequence[str] | None = None) -> Context:
        return cls(store.observations(entities or ()), store=store)

    def rows(self, indicator: str, entity: str | None = None) -> list[Row]:
        """Usable figures (a number, exact or approximate), as records."""
        if entity is not None:
            return self._index.get((indicator, entity), [])
        return [r for (i, _), rows in self._index.items() if i == indicator for r in rows]


def _input(role: str, r: Row) -> Input:
    def clean(v: Any) -> Any:
        return None if v is None or (isinstance(v, float) and pd.isna(v)) else v

    return Input(
        role,
        r["entity"],
        r["indicator"],
        r["period"],
        float(r["value"]),
        r["unit"],
        r["source"],
        r["publisher"],
        clean(r["url"]),
        clean(r["vintage"]),
        r["status"],
        int(r["observation_id"]),
    )


def _pick(rows: list[Row], publisher: str | None) -> tuple[Row | None, str | None]:
    """A denominator: the same publisher as the numerator if possible, else the preferred one."""
    if not rows:
        return None, None
    same = [r for r in rows if publisher and r["publisher"] == publisher]
    if same:
        return same[0], "same publisher as the figure"
    chosen = next((r for r in rows if r["preferred"]), rows[0])
    return chosen, f"the figure's publisher gives none for this period; used {chosen['publisher']}"


def _ratio_to_population(d: DerivedIndicator, num: Row, ctx: Context, per: float) -> Derivation:
    all_pop = ctx.rows("population", num["entity"])
    pop, why = _pick([r for r in all_pop if r["period"] == num["period"]], num["publisher"])
    year = _year_of(num["period"])
    if pop is None and year:
        # a month, quarter, half or fiscal year: the population of the calendar year it starts in
        pop, why = _pick([r for r in all_pop if r["period"] == year], num["publisher"])
        why = why and f"{why}; calendar year {year} used for period {num['period']}"
    if pop is None:
        raise MetricError(
            f"{d.id}: no population for {num['entity']} in {num['period']}" + (f" or {year}" if year else "")
        )
    people = pop["value"] * conversion_factor(pop["unit"], "person")
    if people == 0:
        raise MetricError(f"{d.id}: population of {num['entity']} in {num['period']} is zero")
    value = num["value"] * conversion_factor(num["unit"], _target_numerator(d)) / (people / per)
    label = "population" if per == 1 else "population in millions"
    formula = (
        f"{_num(num['value'])} {pretty_unit(num['unit'])} ÷ {_num(people / per)} "
        f"({label}) = {_num(value)} {pretty_unit(d.unit)}"
    )
    return Derivation(
        d.id,
        num["entity"],
        num["period"],
        value,
        d.unit,
        formula,
        (_input("figure", num), _input("population", pop)),
        notes=(f"population: {why}",),
        approx=num["qualifier"] == "approx",
    )


@lru_cache(maxsize=256)
def _year_of(period: str) -> str | None:
    """The calendar year a sub-year period or a fiscal year starts in (None for ranges)."""
    p = Period.parse(period)
    return None if p.kind in ("year", "range") else str(p.start.year)


def _target_numerator(d: DerivedIndicator) -> str:
    """The numerator part of the derived unit ("USD / person" -> "USD")."""
    return d.unit.split("/")[0].strip().strip("(").strip() if "/" in d.unit else d.unit


def _share_of_gdp(d: DerivedIndicator, num: Row, ctx: Context) -> Derivation:
    cur = currency_of(num["unit"])
    entity, period = num["entity"], num["period"]
    lcu = [r for r in ctx.rows("gdp_current_lcu", entity) if r["period"] == period and currency_of(r["unit"]) == cur]
    rates: tuple[Rate, ...] = ()
    notes = []
    if cur != "USD" and lcu:
        gdp, why = _pick(lcu, num["publisher"])
        base_value = num["value"] * conversion_factor(num["unit"], cur)
        formula_in = f"{_num(num['value'])} {pretty_unit(num['unit'])}"
        notes.append(f"GDP in {cur} for the same period, so no exchange rate is needed; GDP: {why}")
    else:
        gdp, why = _pick([r for r in ctx.rows("gdp_current_usd", entity) if r["period"] == period], None)
        if gdp is None:
            raise MetricError(f"{d.id}: no GDP for {entity} in {period}")
        if cur == "USD":
            base_value = num["value"] * conversion_factor(num["unit"], "USD")
            formula_in = f"{_num(num['value'])} {pretty_unit(num['unit'])}"
        else:
            conv = convert(ctx.rates, num["value"], num["unit"], "USD", period)
            rates = conv.rates
            base_value = conv.value * conversion_factor(conv.unit, "USD")
            formula_in = f"({conv.formula})"
        cur = "USD"
        notes.append(f"GDP in current US dollars: {why}")
    assert gdp is not None  # lcu is not empty in the first branch; the second raised on None
    gdp_value = gdp["value"] * conversion_factor(gdp["unit"], cur)
    if gdp_value == 0:
        raise MetricError(f"{d.id}: GDP of {entity} in {period} is zero")
    value = 100 * base_value / gdp_value
    formula = f"100 × {formula_in} ÷ {_num(gdp['value'])} {pretty_unit(gdp['unit'])} (GDP) = {_num(value)} %"
    return Derivation(
        d.id,
        entity,
        period,
        value,
        d.unit,
        formula,
        (_input("figure", num), _input("GDP", gdp)),
        rates,
        tuple(notes),
        approx=num["qualifier"] == "approx",
    )


def _series(rows: list[Row], kinds: tuple[str, ...]) -> dict[tuple[str, str, str], list[Row]]:
    """Figures grouped by entity, publisher and kind of period; one per period (the preferred
    one, a revised figure before a first release), oldest first."""
    groups: dict[tuple[str, str, str], dict[str, Row]] = {}
    ordered = sorted(rows, key=lambda r: (not r["preferred"], METHOD_RANK[r["method"]], r["priority"]))
    for r in ordered:
        if r["period_kind"] in kinds:
            groups.setdefault((r["entity"], r["publisher"], r["period_kind"]), {}).setdefault(r["period"], r)
    return {k: sorted(v.values(), key=lambda r: r["period_start"]) for k, v in groups.items()}


def _adjacent(rows: list[Row]) -> Iterator[tuple[str, Row, Row]]:
    """Pairs of consecutive periods of one kind from one publisher, best publisher first."""
    series = _series(rows, ("year", "fiscal_year"))
    for key in sorted(series, key=lambda k: min(r["priority"] for r in series[k])):
        same = series[key]
        for a, b in zip(same, same[1:], strict=False):
            if (pd.Timestamp(b["period_start"]) - pd.Timestamp(a["period_end"])).days == 1:
                yield key[2], a, b


def _changes(d: DerivedIndicator, rows: list[Row]) -> list[Derivation]:
    out: dict[tuple[str, str], Derivation] = {}
    for _kind, a, b in _adjacent(rows):
        key = (a["entity"], b["period"])
        if key in out:
            continue  # a better source already gave this period
        if d.kind == "growth":
            if a["value"] == 0:
                continue
            factor = conversion_factor(a["unit"], b["unit"])
            value = 100 * (b["value"] / (a["value"] * factor) - 1)
            formula = f"100 × ({_num(b['value'])} ÷ {_num(a['value'])} − 1) = {_num(value)} %"
        else:
            value = b["value"] - a["value"]
            formula = f"{_num(b['value'])} % − {_num(a['value'])} % = {_num(value)} percentage points"
        out[key] = Derivation(
            d.id,
            b["entity"],
            b["period"],
            value,
            d.unit,
            formula,
            (_input("earlier", a), _input("later", b)),
            notes=(f"change from {a['period']} to {b['period']}, same publisher",),
        )
    return list(out.values())


def _cagr(d: DerivedIndicator, rows: list[Row]) -> list[Derivation]:
    best: dict[str, list[Row]] = {}
    for (entity, _pub, _kind), series in _series(rows, ("year",)).items():
        if len(series) > len(best.get(entity, [])):
            best[entity] = series
    out = []
    for entity, series in sorted(best.items()):
        if len(series) < 2:
            continue
        a, b = series[0], series[-1]
        years = (pd.Timestamp(b["period_end"]) - pd.Timestamp(a["period_end"])).days / 365.25
        if a["value"] <= 0 or years <= 0:
            continue
        value = 100 * ((b["value"] * conversion_factor(b["unit"], a["unit"]) / a["value"]) ** (1 / years) - 1)
        formula = f"100 × (({_num(b['value'])} ÷ {_num(a['value'])})^(1/{years:.2f}) − 1) = {_num(value)} % a year"
        out.append(
            Derivation(
                d.id,
                entity,
                f"{a['period']}/{b['period']}",
                value,
                d.unit,
                formula,
                (_input("first", a), _input("last", b)),
                notes=(f"{len(series)} yearly figures from one publisher; first and last used",),
            )
        )
    return out


def derive(
    store: Store, indicator: str, entities: Sequence[str] = (), periods: Sequence[str] = (), ctx: Context | None = None
) -> list[Derivation]:
    """Compute a derived indicator wherever its inputs exist; ``ctx.skipped`` says where not."""
    cat = derived_catalog()
    if indicator not in cat:
        raise UnknownIndicator(indicator, list(cat))
    d = cat[indicator]
    ctx = ctx or Context.from_store(store, entities)
    base = ctx.rows(d.of)
    if entities:
        wanted = set(entities)
        base = [r for r in base if r["entity"] in wanted]
    if d.kind in ("growth", "pp_change"):
        found = _changes(d, base)
    elif d.kind == "cagr":
        found = _cagr(d, base)
    else:
        found = []
        for num in (r for r in base if r["preferred"]):
            try:
                if d.kind == "share_of_gdp":
                    found.append(_share_of_gdp(d, num, ctx))
                else:
                    found.append(_ratio_to_population(d, num, ctx, 1e6 if d.kind == "per_million" else 1))
            except MetricError as exc:
                ctx.skipped.append(str(exc))
    if periods:
        found = [f for f in found if f.period in periods]
    return sorted(found, key=lambda f: (f.entity, f.period))


def derive_frame(
    store: Store, indicator: str, entities: Sequence[str] = (), periods: Sequence[str] = (), ctx: Context | None = None
) -> pd.DataFrame:
    """``derive`` as a DataFrame with provenance columns (inputs and rates as JSON)."""
    return pd.DataFrame([f.row() for f in derive(store, indicator, entities, periods, ctx)])


def explain(store: Store, entity: str, indicator: str, period: str) -> Derivation | PipelineExplanation:
    """The derivation of one derived figure (or how a pipeline computed a stored one), or what is missing."""
    if indicator not in derived_catalog():
        from ..pipelines.explain import explain as explain_pipeline
        from ..pipelines.explain import pipeline_of

        if pipeline_of(indicator):
            return explain_pipeline(store, entity, indicator, period)
    (eid,), _ = store.resolve([entity])
    ctx = Context.from_store(store, [eid, *(["USA"] if eid != "USA" else [])])
    found = [f for f in derive(store, indicator, [eid], (), ctx) if f.period == period]
    if not found:
        why = "; ".join(s for s in ctx.skipped if period in s) or "no input figures for that period"
        raise MetricError(f"cannot derive {indicator} for {eid} in {period}: {why}")
    return found[0]
