"""Accuracy against gold files, scored by the project's own scorer (shared/tools)."""

import json
import subprocess
import sys

import pytest

from tongxin.reference_testing import reference
from tongxin.text import extract_claims

from .conftest import DATA


def score(shared_dir, gold, text, tmp_path):
    scorer = reference(shared_dir / "tools" / "score-claims")
    out = tmp_path / "claims.json"
    out.write_text(json.dumps(extract_claims(text), ensure_ascii=False), encoding="utf-8")
    args = [str(gold), str(out), "--min-precision", "1", "--min-recall", "1"]
    proc = subprocess.run(
        [sys.executable, str(scorer), *args, "--strict-qualifiers"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_the_seed_review_scores_full_precision_and_recall(shared_dir, seed_text, tmp_path):
    gold = reference(shared_dir / "seed" / "deyang-2022-claims.tsv")
    assert "precision 1.000 recall 1.000" in score(shared_dir, gold, seed_text, tmp_path)


@pytest.mark.parametrize("name", ["jiangcheng-2023", "shancheng-2021"])
def test_our_own_gold_reviews_score_full_precision_and_recall(shared_dir, name, tmp_path):
    text = (DATA / f"{name}-review.txt").read_text(encoding="utf-8")
    gold = DATA / f"{name}-claims.tsv"
    assert "precision 1.000 recall 1.000" in score(shared_dir, gold, text, tmp_path)
