from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "tongxin.accounts"
    verbose_name = _("账号与单位")

    def ready(self) -> None:
        from tongxin.accounts import signals  # noqa: F401  (login/logout audit)

        _register_pages()


def _register_pages() -> None:
    from tongxin.accounts.roles import Role
    from tongxin.core.navigation import register_nav_item

    register_nav_item(
        key="users",
        label=_("用户"),
        url_name="accounts:user_list",
        roles={Role.SYSADMIN, Role.SECADMIN},
        order=90,
    )
    register_nav_item(
        key="admin_requests",
        label=_("双人办理"),
        url_name="accounts:admin_request_list",
        roles={Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR},
        order=95,
    )
    register_nav_item(
        key="settings",
        label=_("设置"),
        url_name="accounts:unit_list",
        roles={Role.EDITOR, Role.LEADER, Role.REPORTER, Role.SYSADMIN, Role.SECADMIN},
        order=110,
    )
    from tongxin.accounts.home import secadmin_card, sysadmin_card
    from tongxin.core.home import TASK_CARD, HomeCard, register_home_card

    for key, role, content in (
        ("units_users", Role.SYSADMIN, sysadmin_card),
        ("account_security", Role.SECADMIN, secadmin_card),
    ):
        register_home_card(
            HomeCard(
                key=key, order=10, roles=frozenset({role}), content=content, template=TASK_CARD
            )
        )
