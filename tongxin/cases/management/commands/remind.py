import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tongxin.cases.reminders import reminder_lines
from tongxin.cases.selectors import overdue_cases


class Command(BaseCommand):
    help = "列出逾期的企业诉求；配置了邮件服务并给出收件人时同时发送邮件"

    def add_arguments(self, parser):
        parser.add_argument("--to", action="append", default=[], help="收件人邮箱，可重复")
        parser.add_argument("--date", help="按该日期计算逾期（YYYY-MM-DD），默认今天")

    def handle(self, *args, to, date, **options):
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{date}") from None
        cases = overdue_cases(today=today)
        lines = reminder_lines(cases, today=today)
        self.stdout.write("\n".join(lines))
        recipients = to or list(getattr(settings, "REMIND_EMAIL_TO", []))
        if not cases:
            return
        if not settings.is_overridden("EMAIL_HOST"):
            self.stdout.write("未配置邮件服务（EMAIL_HOST），未发送邮件。")
            return
        if not recipients:
            self.stdout.write("未指定收件人（--to），未发送邮件。")
            return
        send_mail(
            subject=f"同心：逾期企业诉求{cases.count()}件",
            message="\n".join(lines),
            from_email=None,
            recipient_list=recipients,
        )
        self.stdout.write(f"已发送邮件至：{'、'.join(recipients)}")
