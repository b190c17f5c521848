"""The AI-hub composite index: user weights, honest rank intervals, what-if."""

from ..errors import IndexOptionError
from .data import CellSource, Matrix, build_matrix
from .framework import BUNDLED, PEERS, Framework, FrameworkError, load_framework
from .method import AGGREGATIONS, IMPUTATIONS, NORMALISATIONS, aggregate, impute, normalise, ranks_of, winsorise
from .run import IndexRun, cell_table, run_index
from .score import Result, Uncertainty, monte_carlo, monte_carlo_loop, score, sensitivity

__all__ = [
    "AGGREGATIONS",
    "BUNDLED",
    "IMPUTATIONS",
    "NORMALISATIONS",
    "PEERS",
    "CellSource",
    "Framework",
    "FrameworkError",
    "IndexOptionError",
    "IndexRun",
    "cell_table",
    "Matrix",
    "Result",
    "Uncertainty",
    "aggregate",
    "build_matrix",
    "impute",
    "load_framework",
    "monte_carlo",
    "monte_carlo_loop",
    "normalise",
    "ranks_of",
    "run_index",
    "score",
    "sensitivity",
    "winsorise",
]
