"""Typed read results: a Figure is one value with its provenance; a FigureSet is many, with notes."""

from .display import amount
from .model import Cited, Figure, FigureSet, Flags, Input, Standing

__all__ = ["Cited", "Figure", "FigureSet", "Flags", "Input", "Standing", "amount"]
