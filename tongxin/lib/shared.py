"""Where the project's shared folder (seed review, gold files) lies: beside the
checkout as `../shared`, or wherever TONGXIN_SHARED_DIR says (for a clone elsewhere)."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    configured = os.environ.get("TONGXIN_SHARED_DIR")
    return Path(configured) if configured else (REPO_ROOT.parent / "shared").resolve()


def seed_path(name: str) -> Path:
    return shared_dir() / "seed" / name
