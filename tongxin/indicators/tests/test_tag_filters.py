"""Tag filters, alone, combined, and with a link: the tag pass must count each record
once per indicator, whatever other tags it carries."""

import datetime as dt
from decimal import Decimal

from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import drilldown_records, indicator_table
from tongxin.indicators.services import indicator_create
from tongxin.ledger.models import LinkKind, RecordType
from tongxin.ledger.services import record_link_create
from tongxin.ledger.tests.base import LedgerTestCase

Y2022 = period_for(2022)


class TagFilterTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        instruction = RecordType.objects.get(code="instruction")

        def report(title, tags, **kw):
            return cls.make_record(
                by=cls.city_editor,
                unit=cls.city,
                record_type=cls.report,
                title=title,
                count=1,
                tags=tags,
                approve=True,
                **kw,
            )

        cls.both = report("民主党派港澳台侨调研", ["民主党派", "港澳台侨企业"])
        report("民主党派调研", ["民主党派"])
        report("港澳台侨调研", ["港澳台侨企业"])
        report("未加标签的调研", [])
        report("2021年民主党派调研", ["民主党派"], date=dt.date(2021, 6, 1))
        # A guanghan record with both tags, to check the subtree and the own scope.
        cls.make_record(
            record_type=cls.report,
            title="广汉调研",
            count=1,
            tags=["民主党派", "港澳台侨企业"],
            approve=True,
        )
        # Two instructions on the same report: it still counts once.
        for i in range(2):
            source = cls.make_record(
                by=cls.city_editor,
                unit=cls.city,
                record_type=instruction,
                title=f"批示{i}",
                count=1,
                approve=True,
            )
            record_link_create(
                actor=cls.city_editor,
                source=source,
                target=cls.both,
                kind=LinkKind.INSTRUCTION_ON,
            )

        def count(code, tags, **kw):
            return indicator_create(
                actor=None,
                code=code,
                name=code,
                kind="count",
                record_types=[cls.report],
                tags=tags,
                **kw,
            )

        cls.party = count("party", ["民主党派"])
        cls.hmto = count("hmto", ["港澳台侨企业"])
        cls.party_hmto = count("party_hmto", ["民主党派", "港澳台侨企业"])
        cls.party_instructed = count(
            "party_instructed", ["民主党派"], link_filter="has_instruction"
        )
        cls.party_own = count("party_own", ["民主党派"], scope="own")

    def values(self, unit):
        indicators = [self.party, self.hmto, self.party_hmto, self.party_instructed, self.party_own]
        table = indicator_table(indicators=indicators, period=Y2022, units=[unit])
        return {i.code: table.value(i, unit) for i in indicators}

    def test_each_indicator_counts_the_records_carrying_all_its_tags_once(self):
        self.assertEqual(
            self.values(self.city),
            {
                "party": Decimal(3),
                "hmto": Decimal(3),
                "party_hmto": Decimal(2),
                "party_instructed": Decimal(1),
                "party_own": Decimal(2),
            },
        )
        self.assertEqual(self.values(self.guanghan)["party_hmto"], Decimal(1))

    def test_the_drilldown_lists_exactly_the_records_behind_each_value(self):
        values = self.values(self.city)
        for indicator in (self.party, self.hmto, self.party_hmto, self.party_instructed):
            records = drilldown_records(
                self.city_editor, indicator=indicator, period=Y2022, unit=self.city
            )
            self.assertEqual(Decimal(records.count()), values[indicator.code], indicator.code)
