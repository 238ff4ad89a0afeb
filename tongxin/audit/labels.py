"""Chinese names of audit actions, for history lists and the audit pages."""

from django.utils.translation import gettext_lazy as _

ACTION_LABELS = {
    "auth.login": _("登录"),
    "auth.logout": _("退出登录"),
    "auth.login_failed": _("登录失败"),
    "auth.login_refused": _("拒绝登录"),
    "auth.lock": _("账号锁定"),
    "auth.unlock": _("解除锁定"),
    "auth.address_slowed": _("来源地址限速"),
    "unit.create": _("新建单位"),
    "unit.update": _("修改单位"),
    "user.create": _("新建用户"),
    "user.update": _("修改用户"),
    "user.password_change": _("修改密码"),
    "user.password_reset": _("重置密码"),
    "user.role_set": _("变更角色"),
    "user.deactivate": _("停用账号"),
    "user.reactivate": _("启用账号"),
    "otp.enable": _("开启双因素认证"),
    "otp.disable": _("关闭双因素认证"),
    "otp.verified": _("双因素认证通过"),
    "otp.failed": _("双因素认证失败"),
    "otp.recovery_codes": _("重新生成恢复码"),
    "audit.export": _("导出审计日志"),
    "audit.prune": _("清理审计日志"),
    "record.handover": _("移交记录"),
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
    "import.commit": _("Excel 导入（批次）"),
    "record.export": _("导出台账"),
    "evidence.attach": _("上传佐证材料"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
