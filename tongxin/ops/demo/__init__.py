"""Loading the demo: one module per app (accounts, ledger, cases, ...), run in dependency
order. The published figures the demo reproduces are our own data (ledger_figures.py):
the demo needs no shared folder."""

import datetime as dt

from tongxin.ops.demo.accounts import load_demo_accounts
from tongxin.ops.demo.assessment import load_demo_assessment
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.indicators import load_demo_indicators
from tongxin.ops.demo.later import load_demo_later
from tongxin.ops.demo.ledger import load_demo_ledger
from tongxin.ops.demo.reports import load_demo_review

DEMO_STEPS = [
    ("accounts", load_demo_accounts),
    ("ledger", load_demo_ledger),
    # After the ledger (its forums, meetings and events), before the indicators.
    ("cases", load_demo_cases),
    ("indicators", load_demo_indicators),
    ("reports", load_demo_review),
    ("assessment", load_demo_assessment),
]


def load_demo(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """The seed years (2019–2023); with `today`, every later year up to the day before
    it as well (tongxin.ops.demo.later)."""
    result = {name: step() for name, step in DEMO_STEPS}
    if today is not None:
        result["later"] = load_demo_later(today)
    return result
