from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "tongxin.ledger"
    verbose_name = "工作台账"
