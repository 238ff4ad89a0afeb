"""Accuracy on the gold sets with kinds (issue 21, item 6): precision and recall per set
and per kind, every column counted (kind, value, unit, qualifier, low, high, base,
direction, scope or per_unit). The gold was written apart from the extraction code.

    python -m tongxin.text.tests.test_claims_gold_kinds    prints the table in docs/text.md
"""

from collections import Counter
from pathlib import Path

import pytest

from tongxin.text import extract_claims

DATA = Path(__file__).resolve().parent / "data"
SETS = ["jinjiang-2023", "qingchuan-2022", "yunyang-2023", "linxi-2024"]
KINDS = ["count", "amount", "percent", "growth", "change", "range", "rank"]
GOAL = 0.98
# The gold says increase / decrease where the claims say up / down.
_DIRECTION = {"up": "increase", "down": "decrease"}


def _num(v):
    return None if v in ("", None) else round(float(v), 6)


def gold(name: str) -> list[tuple[tuple, str]]:
    """(key, status) of each gold row; the key holds every column but the surface."""
    rows = []
    for line in (DATA / f"{name}-claims.tsv").read_text("utf-8").splitlines():
        if not line.strip() or line.startswith(("#", "surface\t")):
            continue
        f = (line.split("\t") + [""] * 11)[:11]
        _surface, kind, value, unit, qualifier, status, low, high, base, direction, scope = f
        value = None if kind == "range" else _num(value)
        key = (kind, value, unit, qualifier, _num(low), _num(high), base or None,
               direction or None, scope or None)  # fmt: skip
        rows.append((key, status))
    return rows


def key(claim: dict) -> tuple:
    kind = claim["kind"]
    scope = claim.get("scope")
    if kind == "range" and claim.get("per_unit"):
        scope = "per_unit"
    changing = kind in ("growth", "change")
    return (
        kind,
        None if kind == "range" else _num(claim["value"]),
        claim["unit"],
        claim["qualifier"],
        _num(claim.get("low")),
        _num(claim.get("high")),
        claim.get("base") if changing else None,
        _DIRECTION.get(claim.get("direction")) if changing else None,
        scope,
    )


def score(name: str) -> dict[str, dict]:
    """{kind or "all": {required, found, false, precision, recall, misses}}."""
    rows = gold(name)
    required = Counter(k for k, status in rows if status == "required")
    optional = Counter(k for k, status in rows if status != "required")
    text = (DATA / f"{name}-review.txt").read_text("utf-8")
    hit, hit_optional, false = Counter(), Counter(), []
    for claim in extract_claims(text):
        k = key(claim)
        if hit[k] < required[k]:
            hit[k] += 1
        elif hit_optional[k] < optional[k]:
            hit_optional[k] += 1
        else:
            false.append((claim["surface"], k))
    missed = list((required - hit).elements())
    result = {}
    for kind in ["all", *KINDS]:

        def mine(k, kind=kind):
            return kind == "all" or k[0] == kind

        n = sum(v for k, v in required.items() if mine(k))
        tp = sum(v for k, v in hit.items() if mine(k))
        fp = [f for f in false if mine(f[1])]
        result[kind] = {
            "required": n,
            "found": tp,
            "false": len(fp),
            "precision": tp / (tp + len(fp)) if tp + len(fp) else 1.0,
            "recall": tp / n if n else 1.0,
            "misses": [*fp, *(("missed", m) for m in missed if mine(m))],
        }
    return result


@pytest.mark.parametrize("name", SETS)
def test_each_gold_set_scores_at_least_the_goal_per_kind(name):
    for kind, s in score(name).items():
        assert s["precision"] >= GOAL and s["recall"] >= GOAL, (name, kind, s["misses"])


def test_every_kind_is_in_the_gold():
    totals = Counter()
    for name in SETS:
        for kind, s in score(name).items():
            totals[kind] += s["required"]
    assert all(totals[kind] >= 6 for kind in KINDS), totals


def table() -> str:
    lines = ["| set | kind | required | found | false | precision | recall |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]  # fmt: skip
    for name in SETS:
        for kind, s in score(name).items():
            if s["required"] or s["false"]:
                lines.append(
                    f"| {name} | {kind} | {s['required']} | {s['found']} | {s['false']} "
                    f"| {s['precision']:.3f} | {s['recall']:.3f} |"
                )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
