"""Tests that read the reference files: the published review, its figures and claims, the
claims scorer, all in the project's shared folder (tongxin/lib/shared.py says where).

A clone without that folder skips them, each with one plain line, and the run's summary
counts them (conftest.py); with TONGXIN_REQUIRE_REFERENCE=1 (set by .ci/run) a missing
reference file is a failure. Framework-free: the text kit's tests use it too.
"""

import os
import unittest
from pathlib import Path

from tongxin.lib.shared import seed_path, shared_dir

# The skip reason starts with this; conftest.py counts the skips by it.
NOT_FOUND = "reference file not found"


def required() -> bool:
    return os.environ.get("TONGXIN_REQUIRE_REFERENCE") == "1"


def reference(path: Path) -> Path:
    """`path` if it exists; otherwise skip the test (or fail it when required)."""
    if path.exists():
        return path
    if required():
        raise AssertionError(
            f"{NOT_FOUND}: {path} (TONGXIN_REQUIRE_REFERENCE=1): lay the shared folder "
            "beside the checkout as ../shared or set TONGXIN_SHARED_DIR"
        )
    raise unittest.SkipTest(f"{NOT_FOUND}: {path}: test did not run")


def reference_seed(name: str) -> Path:
    """A file of the shared folder's seed/ (the published review and its figures)."""
    return reference(seed_path(name))


def reference_shared(*parts: str) -> Path:
    """Any file of the shared folder (e.g. tools/score-claims)."""
    return reference(shared_dir().joinpath(*parts))
