"""Throughput of the text pipeline on the seed review repeated to at least 10 MB.

    python -m tongxin.text.bench [SEED_PATH] [MIN_BYTES]   prints JSON

Each stage is timed on its own input (MB = 10^6 bytes of that input in UTF-8): clean on the
raw text, simplify and OpenCC's own t2s on the cleaned text, claims on the cleaned
simplified text, and the pipeline (extract_claims: clean -> simplify -> claims) on the raw text.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .annotations import clean_annotations
from .claims import claims_in_simplified, extract_claims
from .script import converter, simplified_aligned

SEED_NAME = "deyang-2022-review.txt"


def default_seed_path() -> Path:
    """The seed review in the shared folder (../shared beside the checkout by default)."""
    from tongxin.lib.shared import seed_path

    return seed_path(SEED_NAME)


def _timed(fn, arg) -> tuple[object, float]:
    start = time.perf_counter()
    result = fn(arg)
    return result, time.perf_counter() - start


def run_bench(min_bytes: int = 10_000_000, seed_path: str | Path | None = None) -> dict:
    seed = Path(seed_path) if seed_path else default_seed_path()
    unit = seed.read_text(encoding="utf-8")
    size = len(unit.encode("utf-8"))
    raw = unit * -(-min_bytes // size)
    converter("t2s")  # load the dictionaries before timing

    def mbps(text: str, seconds: float) -> float:
        return round(len(text.encode("utf-8")) / 1e6 / seconds, 2)

    cleaned, t_clean = _timed(clean_annotations, raw)
    simplified, t_simplify = _timed(simplified_aligned, cleaned.text)
    claims, t_claims = _timed(claims_in_simplified, simplified)
    _, t_opencc = _timed(converter("t2s").convert, cleaned.text)
    pipeline_claims, t_pipeline = _timed(extract_claims, raw)
    result = {
        "input_bytes": len(raw.encode("utf-8")),
        "clean_mbps": mbps(raw, t_clean),
        "simplify_mbps": mbps(cleaned.text, t_simplify),
        "claims_mbps": mbps(simplified, t_claims),
        "pipeline_mbps": mbps(raw, t_pipeline),
        "opencc_mbps": mbps(cleaned.text, t_opencc),
        "claims_found": len(pipeline_claims),
    }
    result["pipeline_vs_opencc"] = round(result["pipeline_mbps"] / result["opencc_mbps"], 3)
    return result


if __name__ == "__main__":
    args = sys.argv[1:]
    path = args[0] if args else None
    floor = int(args[1]) if len(args) > 1 else 10_000_000
    print(json.dumps(run_bench(floor, path), ensure_ascii=False, indent=1))
