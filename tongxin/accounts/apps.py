from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tongxin.accounts"
    verbose_name = "账号与单位"

    def ready(self) -> None:
        from tongxin.accounts import signals  # noqa: F401  (login/logout audit)
