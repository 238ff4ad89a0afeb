"""Title similarity for duplicate detection: Dice coefficient over character bigrams,
which suits Chinese titles (no word boundaries) and ignores punctuation and spaces."""

import re

_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


def _bigrams(text: str) -> set[str]:
    text = _NOISE.sub("", text.lower())
    if len(text) < 2:
        return {text} if text else set()
    return {text[i : i + 2] for i in range(len(text) - 1)}


def title_similarity(a: str, b: str) -> float:
    """0.0 (nothing shared) to 1.0 (same characters in the same pairs)."""
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return 0.0
    return 2 * len(x & y) / (len(x) + len(y))
