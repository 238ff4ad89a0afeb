"""The main navigation, a registry: each app registers its entries in its
AppConfig.ready() with the roles that see them (core knows no roles). An entry whose
URL does not exist yet (an app still to come) shows as not yet available.

An entry is also a plain tile of the home page (core/home.py) when registered with
`home_card=True`; the apps register task cards there instead."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tongxin.core.home import HomeCard, register_home_card


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object  # lazy translation
    url_name: str
    roles: frozenset
    order: int
    # (user) -> the figure beside the label (the inbox's count), or None; may query.
    badge: Callable[..., object] | None = None


NAV_ITEMS: dict[str, NavItem] = {}


def register_nav_item(
    *,
    key: str,
    label,
    url_name: str,
    roles,
    order: int,
    badge: Callable[..., object] | None = None,
    home_card: bool = False,
) -> None:
    item = NavItem(key, label, url_name, frozenset(roles), order, badge)
    NAV_ITEMS[key] = item
    if home_card:
        register_home_card(HomeCard(key=key, order=order, roles=item.roles, content=_tile(item)))


def _url(item: NavItem) -> str | None:
    try:
        return reverse(item.url_name)
    except NoReverseMatch:
        return None


def _tile(item: NavItem) -> Callable[..., dict]:
    def content(request) -> dict:
        url = _url(item)
        return {
            "title": item.label,
            "url": url,
            "text": _("点击进入") if url else _("即将上线"),
        }

    return content


def nav_for(user, current_path: str) -> list[dict]:
    items = []
    visible = [
        (item, _url(item))
        for item in sorted(NAV_ITEMS.values(), key=lambda i: i.order)
        if user.role in item.roles
    ]
    # Only the longest matching address is the current entry: the inbox's
    # /ledger/inbox/ also starts with the ledger's /ledger/.
    matches = [url for _item, url in visible if url and url != "/" and current_path.startswith(url)]
    active_url = max(matches, key=len) if matches else None
    for item, url in visible:
        entry = {
            "key": item.key,
            "label": item.label,
            "url": url,
            "active": url is not None and url == active_url,
        }
        if item.badge is not None:
            entry["count"] = item.badge(user)
        items.append(entry)
    return items
