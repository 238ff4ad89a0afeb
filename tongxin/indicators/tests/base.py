import datetime as dt
from decimal import Decimal

from tongxin.indicators.services import indicator_create, target_set
from tongxin.ledger.models import LinkKind, RecordType
from tongxin.ledger.services import record_link_create
from tongxin.ledger.tests.base import LedgerTestCase


class IndicatorTestCase(LedgerTestCase):
    """The ledger cast with a few 2022 records and indicators over them."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        instruction = RecordType.objects.get(code="instruction")
        adoption = RecordType.objects.get(code="adoption")
        # 广汉: two forums (40 and 25 people), one in 2021; 什邡: one forum
        cls.make_record(title="广汉恳谈会一", count=1, participants=40, approve=True)
        cls.make_record(
            title="广汉恳谈会二", count=1, participants=25, approve=True, date=dt.date(2022, 9, 1)
        )
        cls.make_record(
            title="广汉恳谈会2021", count=1, participants=10, approve=True, date=dt.date(2021, 5, 1)
        )
        cls.make_record(title="广汉未审核的恳谈会", count=1, participants=99, submit=True)
        cls.make_record(
            by=cls.shifang_reporter, title="什邡恳谈会", count=1, participants=30, approve=True
        )
        cls.make_record(
            by=cls.city_editor,
            unit=cls.city,
            title="市级恳谈会",
            count=1,
            participants=100,
            approve=True,
        )
        # Credit signed: amounts summed
        cls.make_record(
            by=cls.shifang_reporter,
            record_type=cls.credit,
            title="授信签约",
            amount=Decimal("1500000000"),
            approve=True,
        )
        # Reports: two, one instructed and adopted
        r1 = cls.make_record(
            by=cls.city_editor,
            unit=cls.city,
            record_type=cls.report,
            title="调研报告一",
            count=1,
            approve=True,
        )
        cls.make_record(
            by=cls.city_editor,
            unit=cls.city,
            record_type=cls.report,
            title="调研报告二",
            count=1,
            approve=True,
        )
        ins = cls.make_record(
            by=cls.city_editor,
            unit=cls.city,
            record_type=instruction,
            title="省领导批示",
            count=1,
            approve=True,
        )
        ado = cls.make_record(
            by=cls.city_editor,
            unit=cls.city,
            record_type=adoption,
            title="全国政协采用",
            count=1,
            approve=True,
        )
        record_link_create(
            actor=cls.city_editor, source=ins, target=r1, kind=LinkKind.INSTRUCTION_ON
        )
        record_link_create(actor=cls.city_editor, source=ado, target=r1, kind=LinkKind.ADOPTED_FROM)

        cls.forums = indicator_create(
            actor=None,
            code="forums",
            name="恳谈会场次",
            kind="count",
            unit_word="场",
            record_types=[cls.forum],
        )
        cls.forum_people = indicator_create(
            actor=None,
            code="forum_people",
            name="恳谈会参与人数",
            kind="sum",
            measure="participants",
            unit_word="人",
            record_types=[cls.forum],
        )
        cls.city_forums = indicator_create(
            actor=None,
            code="city_forums",
            name="部机关恳谈会",
            kind="count",
            unit_word="场",
            record_types=[cls.forum],
            scope="own",
        )
        cls.credit_sum = indicator_create(
            actor=None,
            code="credit",
            name="授信签约金额",
            kind="sum",
            measure="amount",
            unit_word="元",
            record_types=[cls.credit],
        )
        cls.reports = indicator_create(
            actor=None,
            code="reports",
            name="调研报告",
            kind="count",
            unit_word="篇",
            record_types=[cls.report],
        )
        cls.instructed = indicator_create(
            actor=None,
            code="reports_instructed",
            name="获批示的报告",
            kind="count",
            unit_word="篇",
            record_types=[cls.report],
            link_filter="has_instruction",
        )
        cls.adopted = indicator_create(
            actor=None,
            code="reports_adopted",
            name="被采用的报告",
            kind="count",
            unit_word="篇",
            record_types=[cls.report],
            link_filter="has_adoption",
        )
        cls.rank = indicator_create(
            actor=None,
            code="rank",
            name="全省考核排名",
            kind="manual",
            unit_word="名",
            higher_is_better=False,
        )
        cls.instructed_share = indicator_create(
            actor=None,
            code="instructed_share",
            name="报告获批示率",
            kind="ratio",
            unit_word="%",
            numerator=cls.instructed,
            denominator=cls.reports,
        )
        target_set(actor=None, indicator=cls.forums, unit=cls.city, year=2022, value=Decimal(5))
        target_set(
            actor=None,
            indicator=cls.rank,
            unit=cls.city,
            year=2022,
            value=Decimal(3),
            floor=Decimal(5),
        )
