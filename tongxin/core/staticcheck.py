"""Production serves static files through whitenoise's manifest: without it (no
`collectstatic` run) every page is a 500. `check --deploy` says so, and `tongxin serve`
collects them itself before it starts (docs/deployment.md)."""

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.checks import Error, Tags, register
from django.utils.translation import gettext_lazy as _


def manifest_missing() -> bool:
    """True when the static storage needs a manifest and has none."""
    if not hasattr(staticfiles_storage, "manifest_name"):
        return False  # development and tests: files straight from the apps
    return not staticfiles_storage.exists(staticfiles_storage.manifest_name)


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs, **kwargs):
    if not manifest_missing():
        return []
    return [
        Error(
            _("静态文件清单 %(name)s 不存在：每个页面都会出错。") % {"name": "staticfiles.json"},
            hint=_("请运行 tongxin collectstatic --noinput（tongxin serve 启动时会自动执行）。"),
            id="tongxin.E001",
        )
    ]
