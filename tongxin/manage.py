"""The `tongxin` console command: Django management with the project's settings."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["tongxin", *(sys.argv[1:] if argv is None else argv)])
    except ImproperlyConfigured as exc:
        # A configuration mistake deserves one clear line, not a traceback.
        sys.stderr.write(f"配置错误 (configuration error): {exc}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
