import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


def _sqlite() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")


def default_workers() -> int:
    # SQLite allows one writer at a time: a few workers keep write waits short.
    if _sqlite():
        return 3
    # PostgreSQL: single-threaded processes, two a core. Pages are CPU-bound Python:
    # threads of one process share one interpreter lock, and each process warms its own
    # caches (indicator passes, prepared statements). Under the load test on two cores,
    # p95 was 579 ms with 5 processes x 4 threads, 489 with 8 x 1, 335 with 4 x 2 and
    # 200 with 4 x 1 (docs/benchmarks.md). nginx in front buffers slow clients.
    return 2 * (os.cpu_count() or 1)


def default_threads() -> int:
    return 4 if _sqlite() else 1


class Command(BaseCommand):
    @property  # argparse cannot format a lazy string
    def help(self) -> str:
        return _("以生产方式运行（gunicorn + whitenoise 提供静态文件）")

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("TONGXIN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)

    def handle(self, *args, bind, workers, threads, **options):
        # An empty variable (as .env.example leaves it) means the default.
        workers = workers or int(os.environ.get("WEB_CONCURRENCY") or default_workers())
        threads = threads or int(os.environ.get("THREADS") or default_threads())
        from tongxin.core.staticcheck import manifest_missing

        if manifest_missing():
            # Without the manifest every page would be a 500: collect them now.
            self.stdout.write(_("未找到静态文件清单，正在收集静态文件（collectstatic）……"))
            call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "tongxin.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--access-logfile",
            "-",
            "--timeout",
            "60",
            # gunicorn's control socket sits at one path per user: two servers on one
            # machine (app and load test, several app servers) would share it.
            "--no-control-socket",
        ]
        self.stdout.write(
            f"tongxin serving on http://{bind}/ with {workers} workers × {threads} threads"
        )
        sys.stdout.flush()
        os.execv(sys.executable, argv)
