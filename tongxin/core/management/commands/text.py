import argparse
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from tongxin.text import cli


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _(
            "中文文本工具：clean FILE（去除拼音残留）、claims FILE [--json]（提取数字）、"
            "article FILE [--json]（读取文章）、corruption FILE（乱码位置）；FILE 为 - 时读标准输入"
        )

    def add_arguments(self, parser):
        parser.add_argument("words", nargs=argparse.REMAINDER)

    def handle(self, *args, words, **options):
        code = cli.main(words, stdin=sys.stdin, stdout=self.stdout._out)
        if code:
            sys.exit(code)
