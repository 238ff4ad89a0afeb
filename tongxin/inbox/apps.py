from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "tongxin.inbox"
    verbose_name = _("待办")

    def ready(self) -> None:
        from tongxin.accounts.roles import BUSINESS_ROLES
        from tongxin.core.navigation import register_nav_item
        from tongxin.inbox import selectors

        register_nav_item(
            key="inbox",
            label=_("待办"),
            url_name="inbox:inbox",
            roles=BUSINESS_ROLES,
            order=10,
            badge=selectors.inbox_badge,
        )
        from tongxin.core.home import TASK_CARD, HomeCard, register_home_card
        from tongxin.inbox.home import tasks_card

        register_home_card(
            HomeCard(
                key="tasks", order=10, roles=BUSINESS_ROLES, content=tasks_card, template=TASK_CARD
            )
        )
