"""Completion and status of a value against its target."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

DONE = "done"
ON_TRACK = "on_track"
BEHIND = "behind"
NO_TARGET = "no_target"
STATUS_LABELS = {
    DONE: _("已完成"),
    ON_TRACK: _("进度正常"),
    BEHIND: _("进度滞后"),
    NO_TARGET: _("未设目标"),
}


@dataclass(frozen=True)
class Progress:
    status: str
    completion: Decimal | None  # percent, where it means something

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def bar_percent(self) -> int:
        """Width of the completion bar, capped at 100."""
        if self.completion is None:
            return 100 if self.status == DONE else 0
        return max(0, min(100, int(self.completion)))


def progress(
    value: Decimal | None,
    target: Decimal | None,
    *,
    higher_is_better: bool = True,
    floor: Decimal | None = None,
    elapsed_share: float = 1.0,
) -> Progress:
    """`elapsed_share` is how much of the period has passed: halfway through the
    year, half the target is on track."""
    if target is None:
        return Progress(NO_TARGET, None)
    if value is None:
        return Progress(BEHIND if elapsed_share >= 1 else NO_TARGET, None)
    if not higher_is_better:
        # A rank: 3 is better than 5; completion in % means nothing here.
        if value <= target:
            return Progress(DONE, None)
        if floor is not None and value <= floor:
            return Progress(ON_TRACK, None)
        return Progress(BEHIND, None)
    completion = (value * 100 / target).quantize(Decimal("0.1")) if target else None
    if value >= target:
        return Progress(DONE, completion)
    expected = Decimal(str(elapsed_share)) * target
    return Progress(ON_TRACK if value >= expected else BEHIND, completion)
