from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "tongxin.indicators"
    verbose_name = _("指标")

    def ready(self) -> None:
        from tongxin.accounts.roles import BUSINESS_ROLES
        from tongxin.core.navigation import register_nav_item

        register_nav_item(
            key="indicators",
            label=_("指标"),
            url_name="indicators:dashboard",
            roles=BUSINESS_ROLES,
            order=30,
        )
        from tongxin.core.home import TASK_CARD, HomeCard, register_home_card
        from tongxin.indicators.home import key_figures_card

        register_home_card(
            HomeCard(
                key="key_figures",
                order=30,
                roles=BUSINESS_ROLES,
                content=key_figures_card,
                template=TASK_CARD,
            )
        )
