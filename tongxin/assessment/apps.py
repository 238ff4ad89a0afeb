from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "tongxin.assessment"
    verbose_name = _("目标考核")

    def ready(self) -> None:
        from tongxin.assessment.record_owners import register_record_owners

        register_record_owners()
        _register_pages()


def _register_pages() -> None:
    from tongxin.accounts.roles import BUSINESS_ROLES
    from tongxin.assessment.selectors import meetings, standing
    from tongxin.core.inbox import InboxSection, register_inbox_section
    from tongxin.core.navigation import register_nav_item
    from tongxin.indicators.cards import CardPart, register_card_part

    register_nav_item(
        key="assessment",
        label=_("考核"),
        url_name="assessment:scheme_list",
        roles=BUSINESS_ROLES,
        order=40,
    )
    from tongxin.accounts.roles import Role
    from tongxin.assessment.home import standing_card
    from tongxin.core.home import TASK_CARD, HomeCard, register_home_card

    register_home_card(
        HomeCard(
            key="standing",
            order=60,
            roles=frozenset({Role.EDITOR, Role.LEADER}),
            content=standing_card,
            template=TASK_CARD,
        )
    )
    # Occurrences are worked out in Python from the meetings and their records: the
    # count asks only whether the user's unit is responsible for an active meeting.
    register_inbox_section(
        InboxSection(
            key="missed_meetings",
            title=_("定期会议"),
            order=20,
            template="assessment/_inbox_meetings.html",
            items=lambda user, *, limit, today: meetings.meeting_missed_list_for(user, today)[
                :limit
            ],
            maybe_rows=meetings.meeting_responsible_list,
            count=lambda user, today: len(meetings.meeting_missed_list_for(user, today)),
        )
    )
    # A ranking's provincial tiers and slogan on its dashboard card.
    register_card_part(
        CardPart(
            key="standing",
            template="assessment/_dashboard_standing.html",
            attach=standing.dashboard_parts,
        )
    )
