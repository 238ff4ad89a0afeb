import sys

from django.core.management.base import BaseCommand, CommandError
from django.template.loader import render_to_string

from tongxin.accounts.models import Unit
from tongxin.reports.docx_export import review_docx
from tongxin.reports.models import Review
from tongxin.reports.review_selectors import rendered_version


class Command(BaseCommand):
    help = "输出某年度综述的当前稿（或 --published 已签发版本）：text、html 或 docx"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--unit", help="单位代码（默认顶层单位）")
        parser.add_argument("--format", choices=["text", "html", "docx"], default="text")
        parser.add_argument("-o", "--output", help="写入文件（docx 必须指定）")
        parser.add_argument("--published", action="store_true", help="已签发的版本")

    def handle(self, *args, year, unit, format, output, published, **options):
        unit_obj = (
            Unit.objects.filter(code=unit).first()
            if unit
            else Unit.objects.filter(parent=None).order_by("pk").first()
        )
        if unit_obj is None:
            raise CommandError(f"找不到单位“{unit or '顶层单位'}”")
        review = Review.objects.filter(year=year, unit=unit_obj).first()
        if review is None:
            raise CommandError(f"{unit_obj.name}没有{year}年的综述")
        if published:
            version = review.published_version
            if version is None:
                raise CommandError(f"{year}年综述尚未签发")
        else:
            version = review.versions.order_by("-number").first()
        rendered = rendered_version(version)
        if rendered.errors:
            self.stderr.write("模板错误：" + "；".join(rendered.errors))
        if format == "docx":
            if not output:
                raise CommandError("docx 格式须用 -o 指定输出文件")
            with open(output, "wb") as fh:
                fh.write(review_docx(rendered.title, rendered.blocks))
            self.stdout.write(f"已写入 {output}")
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
            self.stdout.write(f"已写入 {output}")
        else:
            sys.stdout.write(content)
