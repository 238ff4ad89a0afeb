from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "tongxin.assessment"
    verbose_name = "目标考核"
