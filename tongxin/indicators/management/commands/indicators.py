import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.accounts.models import Unit
from tongxin.indicators import selectors


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("打印某年度全部指标的完成值与目标值（默认为单位树的顶层单位）")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", help=_("单位代码（默认顶层单位）"))
        parser.add_argument("--json", action="store_true", help=_("输出 JSON"))

    def handle(self, *args, year, unit, json: bool, **options):
        if unit:
            unit_obj = Unit.objects.filter(code=unit).first()
            if unit_obj is None:
                raise CommandError(_("找不到单位代码“{code}”").format(code=unit))
        else:
            unit_obj = Unit.objects.filter(parent=None).order_by("pk").first()
            if unit_obj is None:
                raise CommandError(_("还没有任何单位；请先运行 tongxin loaddemo 或创建单位"))
        rows = selectors.indicator_year_rows(year=year, unit=unit_obj)
        if json:
            self.stdout.write(_dumps(rows))
        else:
            for row in rows:
                self.stdout.write(
                    f"{row['code']:<28} {row['name']:<20} {row['value']}{row['unit']}"
                    f"  目标 {row['target'] if row['target'] is not None else '—'}"
                )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
