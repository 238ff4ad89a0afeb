from decimal import Decimal

from django.core.cache import cache

from tongxin.indicators.periods import period_for, period_to_date
from tongxin.indicators.selectors import drilldown_records, indicator_table
from tongxin.indicators.services import manual_value_set
from tongxin.indicators.tests.base import IndicatorTestCase
from tongxin.ledger.selectors import measure_totals

Y2022 = period_for(2022)


class IndicatorValueTests(IndicatorTestCase):
    def values(self, *indicators, unit=None, period=Y2022):
        unit = unit or self.city
        table = indicator_table(indicators=indicators, period=period, units=[unit])
        return [table.value(i, unit) for i in indicators]

    def test_count_covers_the_subtree_and_only_approved_records_of_the_period(self):
        # 广汉 2 + 什邡 1 + city 1 approved in 2022; the submitted and the 2021 one don't count
        self.assertEqual(self.values(self.forums), [Decimal(4)])
        self.assertEqual(self.values(self.forums, unit=self.guanghan), [Decimal(2)])

    def test_own_scope_counts_the_units_own_records_only(self):
        self.assertEqual(self.values(self.city_forums), [Decimal(1)])

    def test_sums_add_up_a_measure(self):
        self.assertEqual(
            self.values(self.forum_people, self.credit_sum), [Decimal(195), Decimal(1500000000)]
        )

    def test_link_filters_count_reports_with_an_instruction_or_adoption(self):
        self.assertEqual(
            self.values(self.reports, self.instructed, self.adopted),
            [Decimal(2), Decimal(1), Decimal(1)],
        )

    def test_a_ratio_is_a_percentage_of_two_indicators(self):
        self.assertEqual(self.values(self.instructed_share), [Decimal("50.0")])

    def test_manual_values_are_entered_per_year_and_unit(self):
        self.assertEqual(self.values(self.rank), [None])
        manual_value_set(
            actor=self.leader,
            indicator=self.rank,
            unit=self.city,
            year=2022,
            value=Decimal(4),
            note="全省第4名",
        )
        self.assertEqual(self.values(self.rank), [Decimal(4)])

    def test_quarters_halves_and_the_year_to_a_date(self):
        import datetime as dt

        self.assertEqual(self.values(self.forums, period=period_for(2022, "Q1")), [Decimal(3)])
        self.assertEqual(self.values(self.forums, period=period_for(2022, "H2")), [Decimal(1)])
        self.assertEqual(
            self.values(self.forums, period=period_to_date(dt.date(2022, 6, 30))), [Decimal(3)]
        )

    def test_the_whole_table_takes_a_fixed_number_of_queries(self):
        indicators = [
            self.forums,
            self.forum_people,
            self.city_forums,
            self.credit_sum,
            self.reports,
            self.instructed,
            self.adopted,
            self.rank,
        ]
        units = [self.city, self.guanghan, self.shifang, self.guanghan_town]
        # definitions (the 3 link tables), unit paths, the year's data token, the base
        # pass, one pass for both link-filtered indicators, manual values
        cache.clear()
        with self.assertNumQueries(8):
            indicator_table(indicators=indicators, period=Y2022, units=units)


class DrilldownEqualityTests(IndicatorTestCase):
    def test_every_value_equals_its_records_count_or_total(self):
        indicators = [
            self.forums,
            self.forum_people,
            self.city_forums,
            self.credit_sum,
            self.reports,
            self.instructed,
            self.adopted,
        ]
        for unit in (self.city, self.guanghan, self.shifang):
            table = indicator_table(indicators=indicators, period=Y2022, units=[unit])
            for ind in indicators:
                with self.subTest(indicator=ind.code, unit=unit.name):
                    records = drilldown_records(
                        self.city_editor, indicator=ind, period=Y2022, unit=unit
                    )
                    totals = measure_totals(records)
                    expected = totals["records"] if ind.kind == "count" else totals[ind.measure]
                    self.assertEqual(table.value(ind, unit), Decimal(expected or 0))
