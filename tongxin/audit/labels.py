"""Chinese names of audit actions, for history lists and the audit pages."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "unit.create": _("新建单位"),
    "unit.update": _("修改单位"),
    "user.create": _("新建用户"),
    "area.create": _("新建工作领域"),
    "record_type.create": _("新建记录类型"),
    "record.create": _("新建记录"),
    "record.update": _("修改记录"),
    "record.submit": _("提交审核"),
    "record.approve": _("审核通过"),
    "record.return": _("退回"),
    "record.withdraw": _("撤销"),
    "record.restore": _("恢复"),
    "record.link": _("添加关联"),
    "record.import": _("Excel 导入"),
    "evidence.attach": _("上传佐证材料"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
