from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LedgerConfig(AppConfig):
    name = "tongxin.ledger"
    verbose_name = "工作台账"

    def ready(self) -> None:
        from tongxin.accounts.handover import HandoverStep, register
        from tongxin.ledger import selectors, services

        register(
            HandoverStep(
                key="ledger",
                label="草稿、待审核和被退回的记录",
                count=lambda user: selectors.records_open_for(user).count(),
                check=services.records_handover_check,
                transfer=services.records_hand_over,
            )
        )
        post_migrate.connect(_repair_search_index, sender=self)


def _repair_search_index(sender, using, **kwargs) -> None:
    # A SQLite table remake (most WorkRecord field changes) drops the search and the
    # year-stamp triggers.
    from django.db import connections

    from tongxin.ledger.search import ensure_index
    from tongxin.ledger.yearstamps import ensure_triggers

    ensure_index(connections[using])
    ensure_triggers(connections[using])
