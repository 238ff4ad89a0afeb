from pathlib import Path

import pytest

from tongxin.lib.shared import shared_dir as configured_shared_dir
from tongxin.reference_testing import reference

SHARED = configured_shared_dir()
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    # Without it the accuracy checks skip, counted in the run's summary; CI requires it
    # (TONGXIN_REQUIRE_REFERENCE=1 makes a missing folder a failure).
    return reference(SHARED)


@pytest.fixture(scope="session")
def seed_path(shared_dir: Path) -> Path:
    return reference(shared_dir / "seed" / "deyang-2022-review.txt")


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")
