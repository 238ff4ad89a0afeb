"""Open items an account hands to its successor when it is deactivated.

Each app that gives users open items (the ledger's drafts and returned records,
later the requests a user handles) registers a step in its AppConfig.ready();
`user_deactivate` runs them all in its one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HandoverStep:
    key: str
    label: str
    # How many open items `user` holds.
    count: Callable[..., int]
    # Raises ValidationError when `successor` may not take `user`'s items.
    check: Callable[..., None]
    # Moves them (keyword-only: actor, user, successor), audited; returns how many.
    transfer: Callable[..., int]


HANDOVER_STEPS: dict[str, HandoverStep] = {}


def register(step: HandoverStep) -> None:
    HANDOVER_STEPS[step.key] = step


def open_items(user) -> dict[str, int]:
    """Open items per step, for the deactivation page."""
    return {key: step.count(user) for key, step in HANDOVER_STEPS.items()}
