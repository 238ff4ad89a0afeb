"""The home page says what to do, per role: counts that link to the lists behind them,
figures against targets, each card from its app through the registry, in at most 15
queries. Dated at a fixed day (time-machine)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse

from tongxin.assessment.services.standing import provincial_standing_set
from tongxin.indicators.models import IndicatorKind
from tongxin.indicators.services import indicator_create, target_set
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create, record_return
from tongxin.reports.services.reviews import review_create
from tongxin.testing import CastTestCase

TODAY = dt.datetime(2026, 6, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


@time_machine.travel(TODAY, tick=False)
class HomeCardsTests(CastTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()
        forum = RecordType.objects.get(code="forum")

        def record(title, *, day, submit=True, approve=False, return_it=False):
            made = record_create(
                actor=cls.guanghan_reporter,
                unit=cls.guanghan,
                record_type=forum,
                date=dt.date(2026, 5, day),
                title=title,
                count=1,
                participants=20,
                submit=submit,
            )
            if approve:
                made = record_approve(actor=cls.city_editor, record=made)
            if return_it:
                made = record_return(actor=cls.city_editor, record=made, reason="请补充照片")
            return made

        record("草稿一", day=3, submit=False)
        record("退回一", day=4, return_it=True)
        record("待审一", day=5)
        record("待审二", day=6)
        record("已审一", day=7, approve=True)
        forums = indicator_create(
            actor=None,
            code="forums",
            name="恳谈会场次",
            kind=IndicatorKind.COUNT,
            unit_word="场",
            record_types=[forum],
        )
        target_set(actor=None, indicator=forums, unit=cls.city, year=2026, value=Decimal(12))
        rank = indicator_create(
            actor=None,
            code="rank",
            name="全省排名",
            kind=IndicatorKind.MANUAL,
            unit_word="名",
            higher_is_better=False,
        )
        provincial_standing_set(
            actor=None,
            indicator=rank,
            unit=cls.city,
            year=2025,
            tier="第一方阵",
            target_tier="第一方阵",
            slogan="保五奔三",
        )
        review_create(
            actor=None,
            year=2025,
            unit=cls.city,
            title="2025年统战工作综述",
            source="2025年……",
            created_by=cls.city_editor,
        )

    def home(self, user):
        self.client.force_login(user)
        return self.client.get(reverse("core:home"))

    def test_a_reporter_sees_drafts_returned_and_submitted_and_a_new_record_button(self):
        response = self.home(self.guanghan_reporter)
        self.assertContains(response, 'data-testid="count-records-draft">1<')
        self.assertContains(response, 'data-testid="count-records-returned">1<')
        self.assertContains(response, 'data-testid="count-records-submitted">2<')
        self.assertContains(response, "?year=2026&amp;status=submitted")
        self.assertContains(response, 'data-testid="action-records"')
        self.assertContains(response, "新建记录")
        # Its unit's figure for the year: one approved forum.
        self.assertContains(response, 'data-testid="figure-forums">1场<')
        self.assertNotContains(response, "点击进入")

    def test_an_editor_sees_approvals_waiting_and_figures_against_targets(self):
        response = self.home(self.city_editor)
        self.assertContains(response, 'data-testid="count-to_review">2<')
        self.assertContains(response, 'data-testid="figure-forums">1场<')
        self.assertContains(response, "目标 12场")
        self.assertContains(response, f'href="{reverse("inbox:inbox")}#to_review"')
        self.assertNotContains(response, 'data-testid="card-records"')

    def test_a_leader_sees_figures_the_reviews_state_and_the_provincial_standing(self):
        response = self.home(self.leader)
        self.assertContains(response, 'data-testid="figure-forums">1场<')
        self.assertContains(response, "2025年综述")
        self.assertContains(response, "起草中（第1版）")
        self.assertContains(response, "第一方阵")
        self.assertContains(response, "保五奔三")

    def test_each_administrator_sees_its_own_tasks(self):
        self.assertContains(self.home(self.sysadmin), 'data-testid="count-units"')
        response = self.home(self.secadmin)
        self.assertContains(response, 'data-testid="count-locked">0<')
        self.assertNotContains(response, 'data-testid="count-units"')
        response = self.home(self.auditor)
        self.assertContains(response, 'data-testid="count-audit-day"')
        self.assertNotContains(response, 'data-testid="count-locked"')

    def test_the_home_page_costs_at_most_15_queries_per_role(self):
        # Session, user, the idle-timeout session refresh after the login (5), then each
        # card's own: 待办 (1, which the navigation's badge reuses), records (1), key
        # figures (targets, definitions 3, unit tree, year token, the pass: 7), review
        # (1), standing (1), the administrators' counts (1-2).
        expected = {
            "guanghan_reporter": 13,
            "city_editor": 14,
            "leader": 14,
            "sysadmin": 8,
            "secadmin": 7,
            "auditor": 8,
        }
        for name, queries in expected.items():
            user = getattr(self, name)
            self.client.force_login(user)
            with self.subTest(name), self.assertNumQueries(queries):
                self.client.get(reverse("core:home"))
            self.assertLessEqual(queries, 15)
