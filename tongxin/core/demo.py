"""Loading the demo: each app contributes its part, in dependency order."""

from tongxin.accounts.demo import load_demo_accounts
from tongxin.assessment.demo import load_demo_assessment
from tongxin.cases.demo import load_demo_cases
from tongxin.indicators.demo import load_demo_indicators
from tongxin.ledger.demo import load_demo_ledger
from tongxin.reports.demo import load_demo_review

DEMO_STEPS = [
    ("accounts", load_demo_accounts),
    ("ledger", load_demo_ledger),
    # After the ledger (its forums, meetings and events), before the indicators.
    ("cases", load_demo_cases),
    ("indicators", load_demo_indicators),
    ("reports", load_demo_review),
    ("assessment", load_demo_assessment),
]


def load_demo() -> dict[str, dict[str, int]]:
    return {name: step() for name, step in DEMO_STEPS}
