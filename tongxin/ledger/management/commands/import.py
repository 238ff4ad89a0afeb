"""`tongxin import FILE --unit CODE --user USERNAME [--type CODE] [--year YYYY]
[--sheet NAME] [--commit] [--json]`: the page's import from the command line.

A dry run unless --commit, which commits as the page does (all rows or none, rows
like existing records skipped), as that user, the audit rows saying source=command.
"""

import json
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.accounts.models import Unit, User
from tongxin.ledger.importing import import_commit, import_commit_late, import_preview
from tongxin.ledger.models import ImportMapping, ImportSource, RecordType


def _number(value):
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def preview_rows(preview) -> list[dict]:
    """Every row of the file, in order: ok (with its record), error or skipped."""
    out = []
    duplicates = {d.row: d for d in preview.duplicates}
    for row in preview.rows:
        entry = {
            "row": row.row,
            "status": "ok",
            "reason": "",
            "record": {
                "date": row.date.isoformat(),
                "title": row.title,
                "type": row.record_type.code,
                "unit": row.unit.code,
                "count": row.count,
                "participants": row.participants,
                "amount": _number(row.amount),
                "description": row.description,
            },
        }
        if row.row in duplicates:
            d = duplicates[row.row]
            entry["status"] = "skipped"
            entry["reason"] = (
                _("与已有记录 #%(id)s 重复") % {"id": d.record_id}
                if d.record_id
                else _("与第 %(row)s 行重复") % {"row": d.earlier_row}
            )
        out.append(entry)
    for rownum, errors in preview.errors_by_row().items():
        if rownum in preview.rejected or rownum == preview.header_row:
            reason = "；".join(f"{e.column}：{e.message}" for e in errors)
            out.append({"row": rownum, "status": "error", "reason": reason, "record": None})
    for rownum, reason in preview.skipped:
        out.append({"row": rownum, "status": "skipped", "reason": reason, "record": None})
    out.sort(key=lambda e: e["row"])
    return out


class Command(BaseCommand):
    help = "Import work records from an Excel or CSV ledger (a dry run unless --commit)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--unit", required=True, help="rows without a unit belong to it")
        parser.add_argument("--user", required=True, help="the importer (a reporter or editor)")
        parser.add_argument("--type", dest="type_code", help="one record type for the file")
        parser.add_argument("--year", type=int, help="the year of dates written without one")
        parser.add_argument("--sheet", help="the sheet to read (default: the first)")
        parser.add_argument("--commit", action="store_true")
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--late-reason",
            default="",
            help="with --commit: closed-year rows go as late-entry requests with this reason",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from None
        user = User.objects.filter(username=opts["user"], is_active=True).first()
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if user is None or unit is None:
            raise CommandError(_("找不到该用户或单位。"))
        record_type = None
        if opts["type_code"]:
            record_type = RecordType.objects.filter(code=opts["type_code"], is_active=True).first()
            if record_type is None:
                raise CommandError(_("找不到记录类型“%(code)s”。") % {"code": opts["type_code"]})
        mapping = ImportMapping.objects.filter(unit=unit).first()
        reading = {
            "unit": unit,
            "year": opts["year"],
            "sheet": opts["sheet"],
            "remembered": mapping.columns if mapping else None,
        }
        kwargs = {"actor": user, "record_type": record_type, "uploaded_bytes": content}
        try:
            preview = import_preview(**kwargs, filename=path.name, **reading)
        except PermissionDenied as exc:
            raise CommandError(str(exc) or _("该用户不能为该单位导入记录。")) from None
        rows = preview_rows(preview)
        summary = {s: sum(1 for r in rows if r["status"] == s) for s in ("ok", "error", "skipped")}
        file_errors = [str(e) for e in preview.file_errors]
        committed, late = None, []
        if opts["commit"] and not file_errors:
            common = {
                "filename": path.name,
                "keep_duplicates": set(),
                "source": ImportSource.COMMAND,
                "remember_for": unit,
            }
            try:
                if opts["late_reason"]:
                    committed, late = import_commit_late(
                        **kwargs, **common, late_reason=opts["late_reason"], **reading
                    )
                else:
                    committed = import_commit(**kwargs, **common, **reading)
            except ValidationError as exc:
                file_errors = exc.messages
        if opts["json"]:
            self.stdout.write(
                json.dumps({"rows": rows, "summary": summary}, ensure_ascii=False, indent=1)
            )
        else:
            for r in rows:
                self.stdout.write(f"{r['row']:>6} {r['status']:<8} {r['reason']}")
            self.stdout.write(json.dumps(summary))
        for message in file_errors:
            self.stderr.write(message)
        if committed is not None:
            self.stderr.write(
                _("已导入 %(n)s 条记录（批次 %(id)s），等待审核。")
                % {"n": committed.row_count, "id": committed.pk}
            )
        if late:
            self.stderr.write(
                _("已提交 %(n)s 条补录申请，待另一位部机关干部批准。") % {"n": len(late)}
            )
        if file_errors or (opts["commit"] and committed is None and not late):
            raise SystemExit(1)
