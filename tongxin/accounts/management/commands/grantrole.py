from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tongxin.accounts.models import User
from tongxin.accounts.roles import Role
from tongxin.accounts.services import user_role_set


class Command(BaseCommand):
    help = (
        "从控制台授予角色（新装系统时为安全管理员、安全审计员授予角色；此后由安全管理员在页面上授予）。"
        "记入审计日志。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=Role.values)

    def handle(self, *args, username, role, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"没有用户名为“{username}”的账号。")
        try:
            user_role_set(actor=None, user=user, role=role)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"{username}：{Role(role).label}")
