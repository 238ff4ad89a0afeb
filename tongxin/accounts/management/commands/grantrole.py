from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.accounts.models import User
from tongxin.accounts.roles import ADMIN_ROLES, Role
from tongxin.accounts.services.admin_requests import admin_credential_console
from tongxin.accounts.services.users import user_role_set


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "从控制台授予角色（新装系统时为安全管理员、安全审计员授予角色；此后由安全管理员在页面上授予）。"
            "记入审计日志。"
        )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args, username, role, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("没有用户名为“{username}”的账号。").format(username=username))
        try:
            user_role_set(actor=None, user=user, role=role)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{username}：{Role(role).label}")
        user.refresh_from_db()
        if role in ADMIN_ROLES and (user.must_change_password or user.last_login is None):
            # Whoever knows this account's password (the system administrator who
            # made it) must not be able to log in as it: a one-time credential, in
            # two halves for two people to hand over, replaces the password.
            half_a, half_b = admin_credential_console(user=user)
            self.stdout.write(
                _(
                    "该管理员账号须凭一次性凭据启用（登录页“管理员凭两段一次性凭据启用账号”，"
                    "72 小时内有效）。第一段：%(a)s  第二段：%(b)s"
                )
                % {"a": half_a, "b": half_b}
            )
