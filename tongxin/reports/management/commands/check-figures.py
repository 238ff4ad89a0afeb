"""`tongxin check-figures FILE [--year YEAR] [--unit CODE] [--json]`: check a draft's
figures against the ledger (`tongxin audit` is the old name, kept as an alias). The year
defaults to the one the draft names most often."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tongxin.accounts.models import Unit
from tongxin.reports.figure_check import MISMATCH, figure_check_json
from tongxin.reports.figure_check_reading import draft_text
from tongxin.reports.selectors.figure_check import figure_check_draft

LABELS = {
    "match": gettext_lazy("一致"),
    "mismatch": gettext_lazy("不一致"),
    "unbound": gettext_lazy("未对应指标"),
    "no_data": gettext_lazy("无台账数据"),
}


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("核对稿件（.txt、.docx、.html）中的数字与台账指标是否一致")

    def add_arguments(self, parser):
        parser.add_argument("file", help=_("稿件文件；- 读标准输入（按 .txt 处理）"))
        parser.add_argument("--year", type=int, help=_("年度（默认取稿件中出现最多的年份）"))
        parser.add_argument("--unit", help=_("单位代码（默认顶层单位）"))
        parser.add_argument("--json", dest="as_json", action="store_true", help=_("输出 JSON"))

    def handle(self, *args, file, year, unit, as_json: bool, **options):
        unit_obj = (
            Unit.objects.filter(code=unit).first()
            if unit
            else Unit.objects.filter(parent=None).order_by("pk").first()
        )
        if unit_obj is None:
            raise CommandError(_("找不到单位“{code}”").format(code=unit or _("顶层单位")))
        try:
            if file == "-":
                data, name = sys.stdin.buffer.read(), "stdin.txt"
            else:
                data, name = Path(file).read_bytes(), Path(file).name
            text = draft_text(name, data)
        except OSError as exc:
            raise CommandError(
                _("无法读取 {path}：{error}").format(path=file, error=exc.strerror)
            ) from exc
        except ValidationError as exc:
            raise CommandError(_("；").join(exc.messages)) from exc
        result = figure_check_draft(text=text, year=year, unit=unit_obj)
        if as_json:
            self.stdout.write(json.dumps(figure_check_json(result), ensure_ascii=False, indent=1))
            return
        for claim in result["claims"]:
            line = f"{claim['surface']}\t{LABELS[claim['verdict']]}"
            if claim["indicator"]:
                line += f"\t{claim['indicator_name']}（{claim['indicator']}）"
            if claim["verdict"] == MISMATCH:
                line += "\t" + _("台账：{value}").format(value=claim["ledger_value"])
            line += f"\t{claim['explanation']}"
            self.stdout.write(line)
        summary = {**result["summary"], "year": result["year"]}
        line = _(
            "{year}年：一致 {match}，不一致 {mismatch}，未对应指标 {unbound}，无台账数据 {no_data}"
        )
        self.stdout.write(line.format(**summary))
