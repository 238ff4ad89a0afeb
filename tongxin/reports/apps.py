from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tongxin.reports"
    verbose_name = "综述与文章"
