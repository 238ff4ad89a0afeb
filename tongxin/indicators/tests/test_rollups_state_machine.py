"""Random sequences of the changes that move a figure, checked after every step: the
rollups equal a recount of the records, and every indicator's figure read from the
rollups equals the one recomputed from the records (a year, a quarter, a year to a
date). Bounded to about a minute per database."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)

from tongxin.accounts.models import Unit
from tongxin.indicators.models import Indicator, IndicatorKind, LinkFilter, Measure
from tongxin.indicators.periods import period_for, period_to_date
from tongxin.indicators.selectors import indicator_table
from tongxin.ledger import rollups
from tongxin.ledger.models import LinkKind, RecordLink, RecordStatus, Tag, WorkRecord
from tongxin.ledger.services import (
    record_approve,
    record_create,
    record_restore,
    record_return,
    record_submit,
    record_withdraw,
)
from tongxin.ledger.tests.base import LedgerTestCase

DAYS = st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2023, 3, 31))
MEASURE = st.one_of(st.none(), st.integers(min_value=0, max_value=500))
AMOUNT = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
)
REFUSED = (ValidationError, PermissionDenied)


class LedgerChanges(RuleBasedStateMachine):
    """One example: a savepoint opened here and rolled back in `teardown`."""

    case: "RollupStateMachineTests"
    records = Bundle("records")

    def __init__(self):
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    # ---- the changes ----

    @rule(
        target=records,
        who=st.sampled_from(["guanghan", "town", "shifang"]),
        kind=st.sampled_from(["forum", "credit", "report"]),
        day=DAYS,
        participants=MEASURE,
        amount=AMOUNT,
        then=st.sampled_from(["draft", "submit", "approve"]),
    )
    def create(self, who, kind, day, participants, amount, then):
        c = self.case
        actor, unit = {
            "guanghan": (c.guanghan_reporter, c.guanghan),
            "town": (c.guanghan_reporter, c.guanghan_town),
            "shifang": (c.shifang_reporter, c.shifang),
        }[who]
        record_type = getattr(c, kind)
        record = record_create(
            actor=actor,
            unit=unit,
            record_type=record_type,
            date=day,
            title=f"{kind} {day}",
            participants=participants if record_type.has_participants else None,
            amount=amount if record_type.has_amount else None,
            submit=then != "draft",
        )
        if then == "approve":
            record = record_approve(actor=c.city_editor, record=record)
        return record.pk

    @rule(pk=records, step=st.sampled_from(["submit", "approve", "return", "withdraw", "restore"]))
    def review(self, pk, step):
        c = self.case
        record = WorkRecord.objects.filter(pk=pk).first()
        if record is None:
            return
        try:
            if step == "submit":
                record_submit(actor=record.created_by, record=record)
            elif step == "approve":
                record_approve(actor=c.city_editor, record=record)
            elif step == "return":
                record_return(actor=c.city_editor, record=record, reason="请补充佐证")
            elif step == "withdraw":
                record_withdraw(actor=c.city_editor, record=record)
            else:
                record_restore(actor=c.city_editor, record=record)
        except REFUSED:
            pass  # not allowed from the record's state: nothing changed

    @rule(pk=records, day=DAYS, to_shifang=st.booleans(), participants=MEASURE, amount=AMOUNT)
    def correct(self, pk, day, to_shifang, participants, amount):
        # What an approved correction or an owner's change writes: the record moves
        # in place, staying approved.
        unit = self.case.shifang if to_shifang else self.case.guanghan
        WorkRecord.objects.filter(pk=pk).update(
            date=day, unit=unit, participants=participants, amount=amount
        )

    @rule(pk=records, report=st.booleans())
    def retype(self, pk, report):
        record_type = self.case.report if report else self.case.forum
        WorkRecord.objects.filter(pk=pk).update(record_type=record_type, area=record_type.area)

    @rule(pk=records, name=st.sampled_from(["港澳台侨", "新的社会阶层"]), add=st.booleans())
    def tag(self, pk, name, add):
        record = WorkRecord.objects.filter(pk=pk).first()
        if record is None:
            return
        tag = Tag.objects.get(name=name)
        (record.tags.add if add else record.tags.remove)(tag)

    @rule(
        source=records,
        linked=records,
        kind=st.sampled_from([LinkKind.INSTRUCTION_ON, LinkKind.ADOPTED_FROM]),
    )
    def link(self, source, linked, kind):
        if source != linked and WorkRecord.objects.filter(pk__in=[source, linked]).count() == 2:
            RecordLink.objects.get_or_create(source_id=source, target_id=linked, kind=kind)

    @rule(target_pk=records)
    def unlink(self, target_pk):
        first = RecordLink.objects.filter(target_id=target_pk).order_by("pk").first()
        if first:
            first.delete()

    @rule(pk=records)
    def delete(self, pk):
        WorkRecord.objects.filter(pk=pk).delete()

    @rule(day=DAYS, n=st.integers(min_value=1, max_value=5), approved=st.booleans())
    def import_batch(self, day, n, approved):
        # An import commit: many rows in one statement; its undo withdraws them.
        c = self.case
        WorkRecord.objects.bulk_create(
            [
                WorkRecord(
                    unit=c.guanghan,
                    record_type=c.forum,
                    area=c.forum.area,
                    date=day,
                    title=f"导入 {i}",
                    participants=i,
                    status=RecordStatus.APPROVED if approved else RecordStatus.SUBMITTED,
                    created_by=c.guanghan_reporter,
                    updated_by=c.guanghan_reporter,
                )
                for i in range(n)
            ]
        )

    @rule()
    def undo_imports(self):
        WorkRecord.objects.filter(title__startswith="导入").update(status=RecordStatus.WITHDRAWN)

    # ---- what must hold after every step ----

    @invariant()
    def rollups_equal_a_recount(self):
        assert rollups.differences(202201, 202312) == []

    @invariant()
    def figures_equal_the_records(self):
        for period in (
            period_for(2022),
            period_for(2022, "Q2"),
            period_to_date(dt.date(2023, 2, 14)),
        ):
            tables = [
                indicator_table(
                    indicators=self.case.indicators,
                    period=period,
                    units=self.case.units,
                    from_records=from_records,
                    use_cache=False,
                )
                for from_records in (False, True)
            ]
            assert tables[0].values == tables[1].values, period.key


class RollupStateMachineTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for name in ("港澳台侨", "新的社会阶层"):
            Tag.objects.create(name=name)
        tags = {t.name: t for t in Tag.objects.all()}

        def indicator(code, kind, *, types=(), measure="", tag_names=(), link="", **more):
            made = Indicator.objects.create(
                code=code, name=code, kind=kind, measure=measure, link_filter=link, **more
            )
            made.record_types.set(types)
            made.tags.set([tags[n] for n in tag_names])
            return made

        count, total = IndicatorKind.COUNT, IndicatorKind.SUM
        cls.indicators = [
            indicator("forums", count, types=[cls.forum]),
            indicator("forum_people", total, types=[cls.forum], measure=Measure.PARTICIPANTS),
            indicator("credit_amount", total, types=[cls.credit], measure=Measure.AMOUNT),
            indicator("own_records", count, scope="own"),
            indicator("tagged", count, tag_names=["港澳台侨"]),
            indicator("both_tags", count, tag_names=["港澳台侨", "新的社会阶层"]),
            indicator("instructed", count, types=[cls.report], link=LinkFilter.HAS_INSTRUCTION),
            indicator("tag_and_link", count, tag_names=["港澳台侨"], link=LinkFilter.HAS_ADOPTION),
        ]
        cls.units = list(Unit.objects.all())

    def test_rollups_stay_true_through_random_changes(self):
        LedgerChanges.case = self
        run_state_machine_as_test(
            LedgerChanges,
            settings=settings(
                max_examples=25,
                stateful_step_count=20,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
            ),
        )
