"""The house number style: how counts and amounts of money are printed in the review.

Counts: exact by default in Arabic numerals with their measure word (46个); from 10,000 on
in 万 with at most two decimals (1.36万人).  Approximate counts floor to the leading digit's
place below 1000 and to the two leading digits from 1000 on, then say 余 (826 -> 800余).
Money: 亿元 from 1亿, 万元 from 1万, else 元, at most two decimals, rounded half up.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_CENT = Decimal("0.01")


def _plain(d: Decimal) -> str:
    """At most two decimals, rounded half up, trailing zeros dropped: 1.50 -> 1.5."""
    q = d.quantize(_CENT, rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _count_text(n: int) -> str:
    return f"{_plain(Decimal(n) / WAN)}万" if n >= WAN else str(n)


def _floor_count(n: int) -> int:
    """73 -> 70, 826 -> 800, 1234 -> 1200, 23456 -> 23000."""
    keep = 1 if n < 1000 else 2
    place = 10 ** (len(str(n)) - keep)
    return n // place * place


def format_count(n: int, measure: str, approx: bool = False) -> str:
    """46个, 1.36万人; approx: 70余件, 2.3万余人 (below 20, or already round, stays exact)."""
    if isinstance(n, bool) or int(n) != n or n < 0:
        raise ValueError(f"a count is a whole number >= 0, not {n!r}")
    n = int(n)
    if approx and n >= 20:
        floored = _floor_count(n)
        if floored != n:
            return f"{_count_text(floored)}余{measure}"
    return f"{_count_text(n)}{measure}"


def format_money(yuan: int | str | Decimal) -> str:
    """6238000000 -> 62.38亿元, 15000000 -> 1500万元, 1234.5 -> 1234.5元."""
    amount = yuan if isinstance(yuan, Decimal) else Decimal(str(yuan))
    if not amount.is_finite():
        raise ValueError(f"not an amount of money: {yuan!r}")
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    # Rounding can carry into the next unit (99999999 yuan is 1亿元, not 10000万元), so the
    # unit is chosen on the rounded figure.
    if amount.quantize(_CENT, rounding=ROUND_HALF_UP) >= WAN:
        if (amount / WAN).quantize(_CENT, rounding=ROUND_HALF_UP) >= WAN:
            return f"{sign}{_plain(amount / YI)}亿元"
        return f"{sign}{_plain(amount / WAN)}万元"
    return f"{sign}{_plain(amount)}元"
