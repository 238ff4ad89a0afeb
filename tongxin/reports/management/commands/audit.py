"""`tongxin audit`: the old name of `tongxin check-figures` ("audit" now means the audit
trail only). Does the same, after a deprecation line on stderr."""

from importlib import import_module

from django.utils.translation import gettext as _

# The module's name has a hyphen (the command's name), so it is imported by string.
CheckFigures = import_module("tongxin.reports.management.commands.check-figures").Command


class Command(CheckFigures):
    def handle(self, *args, **options):
        self.stderr.write(
            _("“tongxin audit”已更名为“tongxin check-figures”，旧名称将在以后的版本中移除。")
        )
        return super().handle(*args, **options)
