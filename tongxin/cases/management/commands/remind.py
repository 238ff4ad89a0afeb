import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.cases.reminders import reminder_lines
from tongxin.cases.selectors import case_overdue_list


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("列出逾期的企业诉求；配置了邮件服务并给出收件人时同时发送邮件")

    def add_arguments(self, parser):
        parser.add_argument("--to", action="append", default=[], help=_("收件人邮箱，可重复"))
        parser.add_argument("--date", help=_("按该日期计算逾期（YYYY-MM-DD），默认今天"))

    def handle(self, *args, to, date, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("日期格式应为 YYYY-MM-DD：{date}").format(date=date)) from None
        cases = case_overdue_list(today=today)
        lines = reminder_lines(cases, today=today)
        self.stdout.write("\n".join(lines))
        recipients = to or list(getattr(settings, "REMIND_EMAIL_TO", []))
        if not cases:
            return
        if not settings.is_overridden("EMAIL_HOST"):
            self.stdout.write(_("未配置邮件服务（EMAIL_HOST），未发送邮件。"))
            return
        if not recipients:
            self.stdout.write(_("未指定收件人（--to），未发送邮件。"))
            return
        send_mail(
            subject=_("同心：逾期企业诉求{count}件").format(count=cases.count()),
            message="\n".join(lines),
            from_email=None,
            recipient_list=recipients,
        )
        self.stdout.write(
            _("已发送邮件至：{recipients}").format(recipients=_("、").join(recipients))
        )
