"""The main navigation. Apps register their entry by URL name; an entry whose
URL does not exist yet (an app still to come) shows as not yet available."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from tongxin.accounts.roles import BUSINESS_ROLES, Role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: object  # lazy translation
    url_name: str
    roles: frozenset


NAV_ITEMS = [
    NavItem("inbox", _("待办"), "ledger:inbox", BUSINESS_ROLES),
    NavItem("ledger", _("台账"), "ledger:record_list", BUSINESS_ROLES),
    NavItem("indicators", _("指标"), "indicators:dashboard", BUSINESS_ROLES),
    NavItem("assessment", _("考核"), "assessment:scheme_list", BUSINESS_ROLES),
    NavItem("cases", _("诉求"), "cases:case_list", BUSINESS_ROLES),
    NavItem("reports", _("综述"), "reports:review_list", BUSINESS_ROLES),
    NavItem("articles", _("文章"), "reports:article_list", BUSINESS_ROLES),
    NavItem("audit_figures", _("数字核对"), "reports:audit", BUSINESS_ROLES),
    NavItem("users", _("用户"), "accounts:user_list", frozenset({Role.SYSADMIN, Role.SECADMIN})),
    NavItem("audit", _("审计"), "audit:event_list", frozenset({Role.AUDITOR})),
    NavItem(
        "settings",
        _("设置"),
        "accounts:unit_list",
        frozenset({Role.EDITOR, Role.LEADER, Role.REPORTER, Role.SYSADMIN, Role.SECADMIN}),
    ),
]


def nav_for(user, current_path: str) -> list[dict]:
    items = []
    for item in NAV_ITEMS:
        if user.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            url = None
        items.append(
            {
                "key": item.key,
                "label": item.label,
                "url": url,
                "active": bool(url) and url != "/" and current_path.startswith(url),
            }
        )
    return items
