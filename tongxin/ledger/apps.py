from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgerConfig(AppConfig):
    name = "tongxin.ledger"
    verbose_name = _("工作台账")

    def ready(self) -> None:
        from tongxin.accounts.handover import HandoverStep, register
        from tongxin.ledger import selectors, services

        register(
            HandoverStep(
                key="ledger",
                # Lazy: ready() runs once, before any request has chosen a language.
                label=_("草稿、待审核和被退回的记录"),
                count=lambda user: selectors.records_open_for(user).count(),
                check=services.records_handover_check,
                transfer=services.records_hand_over,
            )
        )
        post_migrate.connect(_repair_search_index, sender=self)
        _register_pages()


def _register_pages() -> None:
    from tongxin.accounts.roles import BUSINESS_ROLES
    from tongxin.core.inbox import register_inbox_section
    from tongxin.core.navigation import register_nav_item
    from tongxin.ledger.inbox_sections import SECTIONS

    register_nav_item(
        key="ledger",
        label=_("台账"),
        url_name="ledger:record_list",
        roles=BUSINESS_ROLES,
        order=20,
    )
    for section in SECTIONS:
        register_inbox_section(section)
    from tongxin.accounts.roles import Role
    from tongxin.core.home import TASK_CARD, HomeCard, register_home_card
    from tongxin.ledger.home import records_card

    # A reporter's first card: 新建记录 on top on the phone.
    register_home_card(
        HomeCard(
            key="records",
            order=5,
            roles=frozenset({Role.REPORTER}),
            content=records_card,
            template=TASK_CARD,
        )
    )


def _repair_search_index(sender, using, **kwargs) -> None:
    # A SQLite table remake (most WorkRecord field changes) drops the search and the
    # year-stamp and rollup triggers.
    from django.db import connections

    from tongxin.ledger import rollups
    from tongxin.ledger.search import ensure_index
    from tongxin.ledger.yearstamps import ensure_triggers

    ensure_index(connections[using])
    ensure_triggers(connections[using])
    rollups.ensure_triggers(connections[using])
