from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tongxin.reports"
    verbose_name = _("综述与文章")

    def ready(self) -> None:
        from tongxin.reports.record_owners import register_record_owners

        register_record_owners()
        _register_pages()


def _register_pages() -> None:
    from tongxin.accounts.roles import BUSINESS_ROLES
    from tongxin.core.navigation import register_nav_item

    for key, label, url_name, order in (
        ("reports", _("综述"), "reports:review_list", 60),
        ("articles", _("文章"), "reports:article_list", 70),
        ("figure_check", _("数字核对"), "reports:figure_check", 80),
    ):
        register_nav_item(
            key=key, label=label, url_name=url_name, roles=BUSINESS_ROLES, order=order
        )
    from tongxin.accounts.roles import Role
    from tongxin.core.home import TASK_CARD, HomeCard, register_home_card
    from tongxin.reports.home import review_card

    register_home_card(
        HomeCard(
            key="review",
            order=50,
            roles=frozenset({Role.EDITOR, Role.LEADER}),
            content=review_card,
            template=TASK_CARD,
        )
    )
