"""Figure and FigureSet: what every read returns. A missing value is None, never NaN."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

from ..periods import Period
from ..provenance import Provenance, Revision, Source
from .display import amount

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Flags:
    """How a figure stands among the figures for the same cell."""

    preferred: bool = True  # the one figure shown for its entity, indicator and period
    conflict: bool = False  # another source gives a different value for the same cell
    stale: bool = False  # its period ended more than three years ago
    alternatives: int = 0  # how many other sources give the same cell


@dataclass(frozen=True)
class Cited:
    """A source and how many figures in the store cite it."""

    source: Source
    figures: int

    def record(self) -> dict[str, Any]:
        from dataclasses import asdict

        return {**asdict(self.source), "figures": self.figures}


@dataclass(frozen=True)
class Standing:
    """A figure's place among its peers for one indicator, in a common unit."""

    indicator: str
    entity: str
    value: float
    unit: str
    rank: int | None
    ranked: int
    ratio: float | None  # the focus entity's value divided by this one
    gap: float | None  # the focus entity's value minus this one
    rate_used: str | None = None  # the exchange rate that made the unit common, if any

    def record(self) -> dict[str, Any]:
        return {
            "value_cmp": self.value,
            "cmp_unit": self.unit,
            "rank": self.rank,
            "ranked": self.ranked,
            "ratio": self.ratio,
            "gap": self.gap,
            "rate_used": self.rate_used,
        }


@dataclass(frozen=True)
class Input:
    """One figure a derived figure was computed from, and its role in the formula."""

    role: str
    figure: Figure


@dataclass(frozen=True)
class Figure:
    """One value for one entity, indicator and period, with its provenance and flags."""

    entity: str
    indicator: str
    period: Period
    unit: str
    provenance: Provenance
    value: float | None = None
    lower: float | None = None
    upper: float | None = None
    value_text: str | None = None
    qualifier: str = "exact"
    price_basis: str | None = None
    rank_of: int | None = None
    note: str | None = None
    value_std: float | None = None  # the value in the indicator's unit, where no exchange rate is needed
    unit_std: str | None = None  # that unit (the published unit when no conversion applies)
    lower_std: float | None = None
    upper_std: float | None = None
    revision: Revision | None = field(default=None, compare=False)
    observation_id: int | None = field(default=None, compare=False)
    flags: Flags = Flags()
    formula: str | None = None  # for a derived figure: the arithmetic, with its numbers
    inputs: tuple[Input, ...] = ()
    notes: tuple[str, ...] = ()
    standing: Standing | None = None

    @property
    def source(self) -> Source:
        return self.provenance.source

    @property
    def derived(self) -> bool:
        return self.provenance.method == "derived"

    def display(self, lang: str = "en", std: bool = True) -> str:
        """The value as a person reads it, in the indicator's unit unless ``std`` is False."""
        use_std = std and self.unit_std is not None and (self.value_std is not None or self.lower_std is not None)
        if use_std:
            return amount(
                self.value_std,
                self.unit_std or self.unit,
                lang,
                qualifier=self.qualifier,
                lower=self.lower_std,
                upper=self.upper_std,
                rank_of=self.rank_of,
                text=self.value_text,
            )
        return amount(
            self.value,
            self.unit,
            lang,
            qualifier=self.qualifier,
            lower=self.lower,
            upper=self.upper,
            rank_of=self.rank_of,
            text=self.value_text,
        )

    def record(self) -> dict[str, Any]:
        """Every field as plain JSON-ready values, full precision (for export and the API)."""
        p, s, r = self.provenance, self.provenance.source, self.revision
        out: dict[str, Any] = {
            "entity": self.entity,
            "indicator": self.indicator,
            "period": self.period.text,
            "value": self.value,
            "lower": self.lower,
            "upper": self.upper,
            "value_text": self.value_text,
            "qualifier": self.qualifier,
            "unit": self.unit,
            "value_std": self.value_std,
            "unit_std": self.unit_std,
            "price_basis": self.price_basis,
            "rank_of": self.rank_of,
            "source": s.id,
            "publisher": s.publisher,
            "source_title": s.title,
            "url": s.url,
            "published": s.published,
            "vintage": p.vintage,
            "method": p.method,
            "status": p.status,
            "revision": r.number if r else None,
            "revised_at": r.created_at.isoformat() if r and isinstance(r.created_at, datetime) else None,
            "author": r.author if r else None,
            "observation_id": self.observation_id,
            "preferred": self.flags.preferred,
            "conflict": self.flags.conflict,
            "stale": self.flags.stale,
            "alternatives": self.flags.alternatives,
            "note": self.note,
            "formula": self.formula,
        }
        if self.standing is not None:
            out |= self.standing.record()
        return out


@dataclass(frozen=True)
class FigureSet(Sequence[Figure]):
    """Figures in a stable order, the notes a reader needs before comparing them, and (for a
    peer comparison) each indicator's peer median."""

    figures: tuple[Figure, ...] = ()
    notes: tuple[str, ...] = ()
    medians: tuple[Standing, ...] = ()

    @overload
    def __getitem__(self, i: int) -> Figure: ...
    @overload
    def __getitem__(self, i: slice) -> FigureSet: ...

    def __getitem__(self, i: int | slice) -> Figure | FigureSet:
        if isinstance(i, slice):
            return FigureSet(self.figures[i], self.notes, self.medians)
        return self.figures[i]

    def __len__(self) -> int:
        return len(self.figures)

    def __iter__(self) -> Iterator[Figure]:
        return iter(self.figures)

    def get(self, entity: str, indicator: str) -> Figure | None:
        """The first figure for ``entity`` and ``indicator`` (the latest, in a latest-only set)."""
        return next((f for f in self.figures if f.entity == entity and f.indicator == indicator), None)

    def where(self, *, entity: str | None = None, indicator: str | None = None) -> FigureSet:
        """The figures of one entity or indicator, with the same notes."""
        return FigureSet(
            tuple(
                f
                for f in self.figures
                if (entity is None or f.entity == entity) and (indicator is None or f.indicator == indicator)
            ),
            self.notes,
            self.medians,
        )

    @property
    def entities(self) -> list[str]:
        return list(dict.fromkeys(f.entity for f in self.figures))

    @property
    def indicators(self) -> list[str]:
        return list(dict.fromkeys(f.indicator for f in self.figures))

    def median(self, indicator: str) -> Standing | None:
        return next((m for m in self.medians if m.indicator == indicator), None)

    def records(self, lang: str | None = None) -> list[dict[str, Any]]:
        """One plain record per figure; with ``lang``, a ``display`` string beside the numbers."""
        out = []
        for f in self.figures:
            rec = f.record()
            if lang is not None:
                rec["display"] = f.display(lang)
            out.append(rec)
        return out

    def frame(self, lang: str | None = None, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """The figures as a DataFrame for analysis and export (full precision; notes in ``attrs``)."""
        import pandas as pd

        df = pd.DataFrame(self.records(lang))
        for col in ("revision", "observation_id", "rank_of", "alternatives", "rank", "ranked"):
            if col in df:  # whole numbers stay whole where some rows have none
                df[col] = df[col].astype("Int64")
        if columns is not None:
            df = df.reindex(columns=list(columns))
        df.attrs["notes"] = list(self.notes)
        return df
