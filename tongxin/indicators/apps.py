from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tongxin.indicators"
    verbose_name = "指标"
