"""The figure finder: every quantitative statement of the report, found by rule over the model.

It writes no Markdown (the figures page and the charts do, from what it finds). One module per
job:

* :mod:`.rules`: the patterns, run on the Simplified text in ``RULES`` order; each claims a
  span and makes a figure (a count, a duration, money, a percentage, a rank, a date) or leaves
  the number out with a reason (a year, a year range, a document number, the hotline). Every
  run of Arabic digits is accounted for exactly once; one no rule explains is "unclassified"
  (the tests require the real report to have none);
* :mod:`.labels`: the clause that states a figure, and its label from the words around it;
* :mod:`.curation`: the figures file's labels and groups matched to the figures they name;
* :mod:`.extract`: both scripts' figures. The scripts are character-aligned, so the
  Traditional figures are the same spans of the Traditional text: numbers are never
  converted, only sliced;
* :mod:`.model`: the data they pass on.
"""

from __future__ import annotations

from .extract import extract, iter_accounting
from .model import CATEGORIES, REASONS, Category, Excluded, Figure, Figures, Hit, Reason, Skip, Span
from .rules import scan

__all__ = [
    "CATEGORIES",
    "REASONS",
    "Category",
    "Excluded",
    "Figure",
    "Figures",
    "Hit",
    "Reason",
    "Skip",
    "Span",
    "extract",
    "iter_accounting",
    "scan",
]
