"""Framework-free Chinese text kit: residue cleaning, script conversion, claims, articles.

Importable without Django; OpenCC is loaded on first conversion, trafilatura on first HTML.
"""

from .annotations import CleanResult, clean_annotations
from .article import read_article
from .claims import extract_claims
from .corruption import CorruptionSpot, find_corruption
from .numbers import format_count, format_money
from .script import to_simplified, to_traditional

__all__ = [
    "CleanResult",
    "CorruptionSpot",
    "clean_annotations",
    "extract_claims",
    "find_corruption",
    "format_count",
    "format_money",
    "read_article",
    "to_simplified",
    "to_traditional",
]
