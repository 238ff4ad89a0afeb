from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "tongxin.audit"
    verbose_name = "审计"
