from pathlib import Path

import pytest

from tongxin.lib.shared import shared_dir as configured_shared_dir

SHARED = configured_shared_dir()
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    # CI always lays shared/ beside the clone; without it the accuracy checks cannot run,
    # which must show up as a failure, never as a skip.
    assert SHARED.is_dir(), (
        f"shared folder missing: expected it at {SHARED} (set TONGXIN_SHARED_DIR)"
    )
    return SHARED


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    path = shared_dir / "seed" / "deyang-2022-review.txt"
    assert path.is_file(), f"seed review missing: {path}"
    return path


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")
