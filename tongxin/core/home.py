"""The cards of the home page, a registry: apps register theirs in their
AppConfig.ready(). A card says what to do: the user's tasks and figures, worked out
when the page is drawn, each count linking to the list behind it (a navigation entry
adds a plain tile only when registered with `home_card=True`)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class HomeCard:
    key: str
    order: int
    roles: frozenset
    # (request) -> what the card shows (for the default template: title, url, text),
    # or None to leave it out; may query.
    content: Callable[..., dict | None]
    template: str = "core/_home_card.html"


# A card of tasks and figures: rows (label, count, url), figures (name, text, target_text,
# url), an optional large action and text (see the template).
TASK_CARD = "core/_home_task_card.html"


HOME_CARDS: dict[str, HomeCard] = {}


def register_home_card(card: HomeCard) -> None:
    HOME_CARDS[card.key] = card


def home_cards_for(request) -> list[dict]:
    """The cards `request.user` sees, in order: each the content its card gave, with
    `key` and `template`."""
    shown = []
    for card in sorted(HOME_CARDS.values(), key=lambda c: c.order):
        if request.user.role not in card.roles:
            continue
        content = card.content(request)
        if content is not None:
            shown.append({**content, "key": card.key, "template": card.template})
    return shown
