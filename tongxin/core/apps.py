from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tongxin.core"
    verbose_name = _("框架")

    def ready(self):
        from tongxin.core import staticcheck  # noqa: F401 (registers the deploy check)
        from tongxin.core.form_defaults import install as install_form_defaults

        # Every select's empty choice reads "请选择…" (issue 19).
        install_form_defaults()
