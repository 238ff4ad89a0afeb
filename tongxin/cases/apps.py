from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "tongxin.cases"
    verbose_name = "企业与诉求"
