import datetime as dt

from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordType
from tongxin.ledger.services import record_approve, record_create
from tongxin.testing import CastTestCase


class LedgerTestCase(CastTestCase):
    """The cast plus the standard catalogue, and a helper to make records."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        catalogue_ensure()
        cls.forum = RecordType.objects.get(code="forum")
        cls.credit = RecordType.objects.get(code="credit")
        cls.report = RecordType.objects.get(code="report")

    @classmethod
    def make_record(
        cls,
        *,
        by=None,
        unit=None,
        record_type=None,
        title="民营企业家恳谈会",
        date=dt.date(2022, 3, 5),
        approve=False,
        submit=None,
        **measures,
    ):
        by = by or cls.guanghan_reporter
        record = record_create(
            actor=by,
            unit=unit or by.unit,
            record_type=record_type or cls.forum,
            date=date,
            title=title,
            submit=approve if submit is None else submit,
            **measures,
        )
        if approve:
            record = record_approve(actor=cls.city_editor, record=record)
        return record
