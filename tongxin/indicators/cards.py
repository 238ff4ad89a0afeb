"""Extra parts of the dashboard's indicator cards, a registry: an app above
indicators that keeps something beside an indicator (assessment: a ranking's
provincial standing) registers a part in its AppConfig.ready(), so indicators
imports none of them."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CardPart:
    key: str
    # Drawn inside the card, with `part` (what `attach` gave) and `item` (the card).
    template: str
    # (cards, *, unit, year) -> {indicator pk: part} for the cards that show one
    # (`cards` as `build_dashboard` makes them, `unit` the dashboard's, fetched
    # through the permission layer). At most a query, none when no card needs it.
    attach: Callable[..., dict]


CARD_PARTS: dict[str, CardPart] = {}


def register_card_part(part: CardPart) -> None:
    CARD_PARTS[part.key] = part


def attach_card_parts(groups: dict, *, unit, year: int) -> None:
    """Sets each card's `parts`: the registered parts it shows, each with `template`."""
    cards = [card for cards in groups.values() for card in cards]
    for card in cards:
        card["parts"] = []
    for part in CARD_PARTS.values():
        found = part.attach(cards, unit=unit, year=year)
        for card in cards:
            if card["indicator"].pk in found:
                card["parts"].append({**found[card["indicator"].pk], "template": part.template})
