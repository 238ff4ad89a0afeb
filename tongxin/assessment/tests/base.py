from decimal import Decimal

from tongxin.assessment.services.schemes import manual_score_set, scheme_create, scheme_item_add
from tongxin.indicators.tests.base import IndicatorTestCase
from tongxin.ledger.tests.owners_checked import OwnersCheckedMixin


class AssessmentTestCase(OwnersCheckedMixin, IndicatorTestCase):
    """The indicator cast plus a 2022 draft scheme over 广汉市, 什邡市 and 向阳镇:

    item            广汉市        什邡市         向阳镇
    恳谈会 (40, target 2)  2 → 40       1 → 20         0 → 0
    工作评价 (manual, 30)  20            30             —
    创新加分 (bonus, 10)   —             10 (evidence)  —
    total                60 (1st)      60 (1st)       0 (3rd)
    """

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.scheme = scheme_create(
            actor=cls.city_editor,
            year=2022,
            name="区县统战工作目标考核",
            units=[cls.guanghan, cls.shifang, cls.guanghan_town],
        )
        cls.forum_item = scheme_item_add(
            actor=cls.city_editor,
            scheme=cls.scheme,
            name="民营企业家恳谈会",
            kind="indicator",
            max_score=Decimal(40),
            indicator=cls.forums,
            method="linear",
            target=Decimal(2),
        )
        cls.manual_item = scheme_item_add(
            actor=cls.city_editor,
            scheme=cls.scheme,
            name="工作评价",
            kind="manual",
            max_score=Decimal(30),
        )
        cls.bonus_item = scheme_item_add(
            actor=cls.city_editor,
            scheme=cls.scheme,
            name="创新加分",
            kind="bonus",
            max_score=Decimal(10),
        )
        cls.shifang_forum = cls.make_record(
            by=cls.shifang_reporter, title="什邡创新恳谈会", count=1, date=cls.date_2021()
        )
        manual_score_set(
            actor=cls.city_editor,
            item=cls.manual_item,
            unit=cls.guanghan,
            score=Decimal(20),
            comment="工作扎实",
        )
        manual_score_set(
            actor=cls.city_editor,
            item=cls.manual_item,
            unit=cls.shifang,
            score=Decimal(30),
            comment="成效突出",
        )
        manual_score_set(
            actor=cls.city_editor,
            item=cls.bonus_item,
            unit=cls.shifang,
            score=Decimal(10),
            comment="创新做法获省级推广",
            evidence_record=cls.shifang_forum,
        )

    @staticmethod
    def date_2021():
        import datetime as dt

        return dt.date(2021, 6, 1)

    def row(self, results, unit):
        return next(r for r in results["rows"] if r["unit_id"] == unit.pk)
