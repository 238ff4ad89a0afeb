"""`tongxin audit FILE --year YEAR [--unit CODE] [--json]`: check a draft's figures
against the ledger."""

import json
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tongxin.accounts.models import Unit
from tongxin.reports.audit import MISMATCH, audit_json
from tongxin.reports.audit_reading import draft_text
from tongxin.reports.audit_selectors import audit_draft

LABELS = {"match": "一致", "mismatch": "不一致", "unbound": "未对应指标"}


class Command(BaseCommand):
    help = "核对稿件（.txt、.docx、.html）中的数字与台账指标是否一致"

    def add_arguments(self, parser):
        parser.add_argument("file", help="稿件文件；- 读标准输入（按 .txt 处理）")
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--unit", help="单位代码（默认顶层单位）")
        parser.add_argument("--json", dest="as_json", action="store_true", help="输出 JSON")

    def handle(self, *args, file, year, unit, as_json: bool, **options):
        unit_obj = (
            Unit.objects.filter(code=unit).first()
            if unit
            else Unit.objects.filter(parent=None).order_by("pk").first()
        )
        if unit_obj is None:
            raise CommandError(f"找不到单位“{unit or '顶层单位'}”")
        try:
            if file == "-":
                data, name = sys.stdin.buffer.read(), "stdin.txt"
            else:
                data, name = Path(file).read_bytes(), Path(file).name
            text = draft_text(name, data)
        except OSError as exc:
            raise CommandError(f"无法读取 {file}：{exc.strerror}") from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        result = audit_draft(text=text, year=year, unit=unit_obj)
        if as_json:
            self.stdout.write(json.dumps(audit_json(result), ensure_ascii=False, indent=1))
            return
        for claim in result["claims"]:
            line = f"{claim['surface']}\t{LABELS[claim['verdict']]}"
            if claim["indicator"]:
                line += f"\t{claim['indicator_name']}（{claim['indicator']}）"
            if claim["verdict"] == MISMATCH:
                line += f"\t台账：{claim['ledger_value']}"
            self.stdout.write(line)
        summary = result["summary"]
        self.stdout.write(
            f"一致 {summary['match']}，不一致 {summary['mismatch']}，"
            f"未对应指标 {summary['unbound']}"
        )
