import json

from django.core.management.base import BaseCommand, CommandError

BENCHES = ("text", "ledger", "indicators", "review")


class Command(BaseCommand):
    help = (
        "性能基准（输出 JSON）：text、ledger --records N、indicators --records N、"
        "review --records N"
    )

    def add_arguments(self, parser):
        parser.add_argument("which", choices=BENCHES)
        parser.add_argument("--json", action="store_true", help="print JSON (the default)")
        parser.add_argument("--records", type=int, default=100_000)
        parser.add_argument("--seed-path", default=None)
        parser.add_argument("--min-bytes", type=int, default=10_000_000)

    def handle(self, *args, which, records, seed_path, min_bytes, **options):
        if which == "text":
            from tongxin.text.bench import run_bench

            try:
                result = run_bench(min_bytes=min_bytes, seed_path=seed_path)
            except FileNotFoundError as exc:
                raise CommandError(f"找不到基准语料：{exc}") from exc
        elif which == "ledger":
            from tongxin.ops.bench.ledger import run_bench as run_ledger_bench

            result = run_ledger_bench(records=records)
        elif which == "review":
            from tongxin.ops.bench.reports import run_bench as run_review_bench

            result = run_review_bench(records=records)
        else:
            from tongxin.ops.bench.indicators import run_bench as run_indicators_bench

            result = run_indicators_bench(records=records)
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
