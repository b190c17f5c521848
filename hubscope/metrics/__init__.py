"""Comparable numbers: money conversion, derived indicators, peer gaps, scenarios, projections.

Every number this layer produces carries the observations and rates it came from.
"""

from .compare import MODES, compare, variant
from .derive import Derivation, DerivedIndicator, derive, derived_catalog, explain
from .money import Conversion, Rate, Rates, convert
from .peers import compare_peers, figures
from .projection import project
from .scenario import match, target

__all__ = [
    "MODES",
    "Conversion",
    "Derivation",
    "DerivedIndicator",
    "Rate",
    "Rates",
    "compare",
    "compare_peers",
    "variant",
    "convert",
    "derive",
    "derived_catalog",
    "explain",
    "figures",
    "match",
    "project",
    "target",
]
