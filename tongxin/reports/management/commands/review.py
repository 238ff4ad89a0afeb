import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from tongxin.accounts.models import Unit
from tongxin.reports.docx_export import review_docx
from tongxin.reports.models import Review
from tongxin.reports.review_pdf import ConversionBusy, ConversionFailed, review_pdf
from tongxin.reports.selectors.reviews import review_version_rendered


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("输出某年度综述的当前稿（或 --published 已签发版本）：text、html、docx 或 pdf")

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", help=_("单位代码（默认顶层单位）"))
        parser.add_argument("--format", choices=["text", "html", "docx", "pdf"], default="text")
        parser.add_argument("-o", "--output", help=_("写入文件（docx、pdf 必须指定）"))
        parser.add_argument("--published", action="store_true", help=_("已签发的版本"))

    def handle(self, *args, year, unit, format, output, published, **options):
        unit_obj = (
            Unit.objects.filter(code=unit).first()
            if unit
            else Unit.objects.filter(parent=None).order_by("pk").first()
        )
        if unit_obj is None:
            raise CommandError(_("找不到单位“{code}”").format(code=unit or _("顶层单位")))
        review = Review.objects.filter(year=year, unit=unit_obj).first()
        if review is None:
            raise CommandError(_("{unit}没有{year}年的综述").format(unit=unit_obj.name, year=year))
        if published:
            version = review.published_version
            if version is None:
                raise CommandError(_("{year}年综述尚未签发").format(year=year))
        else:
            version = review.versions.order_by("-number").first()
        rendered = review_version_rendered(version)
        if rendered.errors:
            self.stderr.write(_("模板错误：") + _("；").join(rendered.errors))
        if format == "docx":
            if not output:
                raise CommandError(_("docx 格式须用 -o 指定输出文件"))
            with open(output, "wb") as fh:
                fh.write(review_docx(rendered.title, rendered.blocks))
            self.stdout.write(_("已写入 {path}").format(path=output))
            return
        if format == "pdf":
            self._write_pdf(version, rendered, output)
            return
        if format == "html":
            content = render_to_string(
                "reports/_review_body.html", {"review": review, "rendered": rendered}
            )
        else:
            content = rendered.text
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(content)
            self.stdout.write(_("已写入 {path}").format(path=output))
        else:
            sys.stdout.write(content)

    def _write_pdf(self, version, rendered, output) -> None:
        if not output:
            raise CommandError(_("pdf 格式须用 -o 指定输出文件"))
        try:
            # The command is not a web worker: it waits its turn behind another conversion.
            pdf = review_pdf(version, rendered, wait=2 * settings.PDF_CONVERT_TIMEOUT)
        except ConversionBusy as exc:
            raise CommandError(_("PDF 正在生成，请稍后再试。")) from exc
        except RuntimeError as exc:
            raise CommandError(
                _("未找到 LibreOffice：请安装 libreoffice-writer-nogui，或设置 SOFFICE_PATH。")
            ) from exc
        except ConversionFailed as exc:
            raise CommandError(_("PDF 生成失败：{error}").format(error=exc)) from exc
        with open(output, "wb") as fh:
            fh.write(pdf)
        self.stdout.write(_("已写入 {path}").format(path=output))
