from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "tongxin.cases"
    verbose_name = _("企业与诉求")

    def ready(self) -> None:
        from tongxin.cases.record_owners import register_record_owners

        register_record_owners()
        _register_pages()


def _register_pages() -> None:
    from tongxin.accounts.roles import BUSINESS_ROLES
    from tongxin.cases.selectors import case_overdue_list_for
    from tongxin.core.inbox import InboxSection, register_inbox_section
    from tongxin.core.navigation import register_nav_item

    register_nav_item(
        key="cases", label=_("诉求"), url_name="cases:case_list", roles=BUSINESS_ROLES, order=50
    )
    register_inbox_section(
        InboxSection(
            key="overdue_cases",
            title=_("逾期的企业诉求"),
            order=10,
            template="cases/_inbox_overdue.html",
            items=lambda user, *, limit, today: list(
                case_overdue_list_for(user, today=today)[:limit]
            ),
            count_rows=case_overdue_list_for,
        )
    )
