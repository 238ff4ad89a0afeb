import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.accounts.models import Unit
from tongxin.indicators import selectors
from tongxin.ledger import rollups


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("打印某年度全部指标的完成值与目标值（默认为单位树的顶层单位）")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", help=_("单位代码（默认顶层单位）"))
        parser.add_argument("--json", action="store_true", help=_("输出 JSON"))
        parser.add_argument(
            "--verify",
            action="store_true",
            help=_("用工作记录重新计算该年度全部指标，与汇总表核对（不一致时退出码为 1）"),
        )

    def handle(self, *args, year, unit, json: bool, verify: bool, **options):
        if verify:
            self._verify(year)
            return
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

    def _verify(self, year: int) -> None:
        rows = rollups.differences(year * 100 + 1, year * 100 + 12)
        compared, figures = selectors.figures_against_records(year=year)
        for key, kept, recounted in rows:
            self.stdout.write(
                _("汇总行 {key}：汇总表 {kept}，重新计数 {recounted}").format(
                    key=key, kept=kept, recounted=recounted
                )
            )
        for period, code, unit_name, kept, recounted in figures:
            self.stdout.write(
                _("{period} {code} {unit}：汇总 {kept}，由记录重算 {recounted}").format(
                    period=period, code=code, unit=unit_name, kept=kept, recounted=recounted
                )
            )
        if rows or figures:
            raise CommandError(
                _("{year}年：{rows}个汇总行、{figures}个指标值与工作记录不一致").format(
                    year=year, rows=len(rows), figures=len(figures)
                )
            )
        self.stdout.write(
            _(
                "{year}年：{compared}个指标值（各指标 × 各单位 × 全年、半年、季度）与工作记录一致"
            ).format(year=year, compared=compared)
        )


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)
