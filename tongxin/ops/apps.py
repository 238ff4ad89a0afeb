from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "tongxin.ops"
    label = "ops"
    verbose_name = _("运维")

    def ready(self) -> None:
        from tongxin.audit import chain
        from tongxin.ops.backup import backup_head

        chain.backup_head_reader = backup_head  # `verify-audit --backup FILE`
