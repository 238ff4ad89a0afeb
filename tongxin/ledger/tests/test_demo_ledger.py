"""The demo ledger: every figure of the 2022 review, computed from the approved records
as ops.demo.ledger_figures defines it, equals the `exact` column of the shared figures file. Part
of 2022 is written by the cases demo's objects (requests, credit lines, projects,
enterprises, lists), so the figures are computed over both steps."""

from decimal import Decimal

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.test import TestCase

from tongxin.accounts.models import Unit
from tongxin.audit.models import AuditEvent
from tongxin.indicators.models import IndicatorKind, LinkFilter
from tongxin.indicators.periods import period_for
from tongxin.indicators.selectors import indicator_table
from tongxin.indicators.services import indicator_create
from tongxin.ledger.models import RecordLink, RecordStatus, RecordType, WorkRecord
from tongxin.lib.shared import seed_path
from tongxin.ops.demo.accounts import TOP_UNIT_CODE, load_demo_accounts
from tongxin.ops.demo.cases import load_demo_cases
from tongxin.ops.demo.ledger import COUNTY_CODES, YEARS, load_demo_ledger
from tongxin.ops.demo.ledger_figures import FIGURES
from tongxin.ops.demo.ledger_plan import CASES_ROWS
from tongxin.reference_testing import reference

# ../shared/seed/ beside the checkout (or under TONGXIN_SHARED_DIR).
FIGURES_TSV = seed_path("deyang-2022-figures.tsv")
LINK_FILTERS = {
    "instruction_on": LinkFilter.HAS_INSTRUCTION,
    "adopted_from": LinkFilter.HAS_ADOPTION,
}


def published_figures() -> dict[tuple[str, str], Decimal]:
    """(topic, published) -> exact, for every row of the figures file but the 目标 one."""
    lines = [
        line for line in reference(FIGURES_TSV).read_text("utf-8").splitlines() if line.strip()
    ]
    lines = [line.split("\t") for line in lines if not line.startswith("#")]
    header, rows = lines[0], lines[1:]
    assert header == ["section", "topic", "what is counted", "published", "exact"], header
    return {(r[1], r[3]): Decimal(r[4]) for r in rows if r[0] != "目标"}


def records_behind(figure: dict, year: int = 2022) -> QuerySet[WorkRecord]:
    """The approved records a mapping row counts, with plain ORM filters."""
    unit = Unit.objects.get(code=figure["unit"])
    qs = WorkRecord.objects.filter(
        status=RecordStatus.APPROVED,
        date__year=year,
        record_type__code=figure["record_type"],
    )
    if figure["scope"] == "own":
        qs = qs.filter(unit=unit)
    else:
        qs = qs.filter(unit__path__startswith=unit.path)
    for tag in figure["tags"]:
        qs = qs.filter(tags__name=tag)
    if figure["link"]:
        kind, direction = figure["link"]
        assert direction == "in", direction
        links = RecordLink.objects.filter(
            target=OuterRef("pk"), kind=kind, source__status=RecordStatus.APPROVED
        )
        qs = qs.filter(Exists(links))
    return qs.distinct()


def value_of(figure: dict) -> Decimal:
    records = records_behind(figure)
    if figure["kind"] == "count":
        return Decimal(records.count())
    ids = records.values("pk")
    total = WorkRecord.objects.filter(pk__in=ids).aggregate(v=Sum(figure["measure"]))["v"]
    return Decimal(total or 0)


class DemoLedgerTests(TestCase):
    """One class, so the demo (a few seconds) loads once."""

    @classmethod
    def setUpTestData(cls):
        load_demo_accounts()
        cls.loaded = load_demo_ledger()
        cls.ledger_records = WorkRecord.objects.count()
        cls.cases = load_demo_cases()

    def test_the_mapping_has_one_row_for_each_figure_of_the_file(self):
        keys = [(f["topic"], f["published"]) for f in FIGURES]
        self.assertEqual(len(keys), len(set(keys)))
        self.assertEqual(set(keys), set(published_figures()))

    def test_the_mapping_copies_the_exact_column(self):
        exact = published_figures()
        for f in FIGURES:
            self.assertEqual(Decimal(f["exact"]), exact[(f["topic"], f["published"])], f)

    def test_each_figure_equals_the_exact_count_of_the_figures_file(self):
        exact = published_figures()
        for f in FIGURES:
            with self.subTest(topic=f["topic"], published=f["published"]):
                self.assertEqual(value_of(f), exact[(f["topic"], f["published"])])

    def test_the_indicators_engine_gives_the_same_figures(self):
        city = Unit.objects.get(code=TOP_UNIT_CODE)
        indicators = []
        for n, f in enumerate(FIGURES):
            kind, direction = f["link"] or ("", "in")
            indicators.append(
                indicator_create(
                    actor=None,
                    code=f"demo-{n}",
                    name=f"{f['topic']} {f['published']}",
                    kind=IndicatorKind.COUNT if f["kind"] == "count" else IndicatorKind.SUM,
                    measure=f["measure"] or "",
                    scope=f["scope"],
                    record_types=[RecordType.objects.get(code=f["record_type"])],
                    tags=f["tags"],
                    link_filter=LINK_FILTERS.get(kind, ""),
                )
            )
        table = indicator_table(indicators=indicators, period=period_for(2022), units=[city])
        exact = published_figures()
        for f, indicator in zip(FIGURES, indicators, strict=True):
            with self.subTest(topic=f["topic"], published=f["published"]):
                self.assertEqual(table.value(indicator, city), exact[(f["topic"], f["published"])])

    def test_the_instructed_reports_and_the_praising_instructions_are_different_records(self):
        praise = records_behind(FIGURES[0])
        on_reports = RecordLink.objects.filter(
            kind="instruction_on", target__record_type__code="report"
        )
        self.assertFalse(praise.filter(links_out__in=on_reports).exists())
        # One report carries two instructions and still counts once.
        instructed = records_behind(next(f for f in FIGURES if f["published"] == "5篇"))
        self.assertGreater(on_reports.filter(target__in=instructed).count(), instructed.count())

    def test_the_fourth_batch_is_part_of_the_years_secondments(self):
        batch = records_behind(next(f for f in FIGURES if f["published"] == "16名"))
        year = records_behind(next(f for f in FIGURES if f["published"] == "49名"))
        self.assertTrue(
            set(batch.values_list("pk", flat=True)) <= set(year.values_list("pk", flat=True))
        )

    def test_loading_twice_creates_nothing(self):
        records, links = WorkRecord.objects.count(), RecordLink.objects.count()
        self.assertEqual(load_demo_ledger(), {"users": 0, "records": 0, "links": 0})
        self.assertEqual(set(load_demo_cases().values()), {0})
        self.assertEqual((WorkRecord.objects.count(), RecordLink.objects.count()), (records, links))
        self.assertEqual(self.loaded["records"], self.ledger_records)
        self.assertEqual(self.ledger_records + self.cases["records"], records)

    def test_every_demo_record_is_illustrative(self):
        self.assertGreater(WorkRecord.objects.count(), 1000)
        self.assertFalse(WorkRecord.objects.filter(is_illustrative=False).exists())

    def test_every_year_has_approved_records_of_each_county(self):
        for year in YEARS:
            for code in COUNTY_CODES:
                with self.subTest(year=year, county=code):
                    self.assertTrue(
                        WorkRecord.objects.filter(
                            unit__code=code, date__year=year, status=RecordStatus.APPROVED
                        ).exists()
                    )

    def test_the_volume_grows_from_2020_to_2023(self):
        # Over the types the cases leave alone: in 2022 their objects write more than
        # one record per thing (a request accepted and solved, a project's stages).
        cases_types = {
            f["record_type"] for f in FIGURES if (f["topic"], f["published"]) in CASES_ROWS
        }
        records = WorkRecord.objects.exclude(
            record_type__code__in=cases_types | {"request_accepted", "project_progress"}
        )
        per_year = [records.filter(date__year=y).count() for y in YEARS]
        self.assertLess(per_year[1], per_year[2])
        self.assertLess(per_year[2], per_year[3])
        self.assertLess(per_year[3], per_year[4])

    def test_2023_leaves_records_in_the_inbox(self):
        statuses = set(WorkRecord.objects.filter(date__year=2023).values_list("status", flat=True))
        self.assertLessEqual(
            {RecordStatus.DRAFT, RecordStatus.SUBMITTED, RecordStatus.RETURNED}, statuses
        )

    def test_every_record_was_made_and_reviewed_through_the_services(self):
        created = AuditEvent.objects.filter(action="record.create", object_type="ledger.workrecord")
        approved = AuditEvent.objects.filter(action="record.approve")
        self.assertEqual(created.count(), WorkRecord.objects.count())
        self.assertGreaterEqual(
            approved.count(), WorkRecord.objects.filter(status=RecordStatus.APPROVED).count()
        )
        self.assertEqual(
            AuditEvent.objects.filter(action="record.link").count(), RecordLink.objects.count()
        )

    def test_2022_holds_records_that_do_not_count(self):
        this_year = WorkRecord.objects.filter(date__year=2022)
        self.assertTrue(this_year.filter(status=RecordStatus.WITHDRAWN).exists())
        # A county's credit line returned for its contract, resubmitted and approved.
        credits = this_year.filter(record_type__code="credit", status=RecordStatus.APPROVED)
        returned = AuditEvent.objects.filter(
            action="record.return",
            object_id__in=[str(pk) for pk in credits.values_list("pk", flat=True)],
        )
        self.assertEqual(returned.count(), 1)
