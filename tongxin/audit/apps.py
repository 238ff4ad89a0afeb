from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "tongxin.audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from tongxin.accounts.roles import Role
        from tongxin.core.navigation import register_nav_item

        register_nav_item(
            key="audit",
            label=_("审计"),
            url_name="audit:event_list",
            roles={Role.AUDITOR},
            order=100,
        )
        from tongxin.audit.home import recent_events_card
        from tongxin.core.home import TASK_CARD, HomeCard, register_home_card

        register_home_card(
            HomeCard(
                key="recent_events",
                order=10,
                roles=frozenset({Role.AUDITOR}),
                content=recent_events_card,
                template=TASK_CARD,
            )
        )
