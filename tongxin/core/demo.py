"""Loading the demo: each app contributes its part, in dependency order."""

from tongxin.accounts.demo import load_demo_accounts

DEMO_STEPS = [
    ("accounts", load_demo_accounts),
]


def load_demo() -> dict[str, dict[str, int]]:
    return {name: step() for name, step in DEMO_STEPS}
