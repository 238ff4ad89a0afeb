"""Record owners (ledger/owners.py): which module wrote a ledger record."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from tongxin.cases.services import credit as credit_services
from tongxin.cases.tests.base import CasesTestCase, make_case, make_enterprise, make_forum
from tongxin.ledger.models import WorkRecord
from tongxin.ledger.owners import record_owner, record_owners


class RecordOwnerTests(CasesTestCase):
    def credit_line(self):
        meeting = credit_services.credit_meeting_create(
            actor=self.city_editor,
            title="港澳台侨企业银企对接会",
            date=dt.date(2022, 8, 18),
            unit=self.city,
        )
        return credit_services.credit_line_add(
            actor=self.city_editor,
            meeting=meeting,
            enterprise=make_enterprise(self, name="德阳测试精工"),
            bank="德阳银行",
            amount=Decimal("5000000"),
        )

    def test_a_credit_lines_record_is_owned_by_the_line(self):
        line = self.credit_line()
        owner = record_owner(line.record)
        self.assertEqual(owner.kind.key, "cases.credit_line")
        self.assertEqual(owner.obj, line)
        self.assertEqual(owner.label, "授信签约“德阳测试精工获德阳银行授信”")
        self.assertEqual(owner.url, reverse("cases:credit_meeting_detail", args=[line.meeting_id]))

    def test_a_closed_cases_records_are_owned_by_the_case(self):
        case = make_case(self, forum=make_forum(self), until="closed")
        owner = record_owner(case.resolution_record)
        self.assertEqual(owner.kind.key, "cases.case_resolution")
        self.assertEqual(owner.obj, case)
        self.assertEqual(owner.url, reverse("cases:case_detail", args=[case.pk]))
        accepted = WorkRecord.objects.get(record_type__code="request_accepted")
        self.assertEqual(record_owner(accepted).kind.key, "cases.case_acceptance")
        self.assertEqual(record_owner(accepted).obj, case)

    def test_a_record_of_the_ledger_has_no_owner(self):
        self.assertIsNone(record_owner(make_forum(self)))

    def test_the_owners_of_a_list_are_read_in_a_few_queries(self):
        line = self.credit_line()
        case = make_case(self, until="closed")
        forum = make_forum(self)
        records = list(WorkRecord.objects.select_related("record_type"))
        with self.assertNumQueries(4):  # credit lines, cases (x2), enterprises' arrivals
            owners = record_owners(records)
        self.assertEqual(owners[line.record_id].obj, line)
        self.assertEqual(owners[case.resolution_record_id].obj, case)
        self.assertEqual(
            owners[case.enterprise.arrival_record_id].kind.key, "cases.enterprise_arrival"
        )
        self.assertNotIn(forum.pk, owners)
        # An owner without a withdraw path says so; a credit line has one (issue 18).
        accepted = WorkRecord.objects.get(record_type__code="request_accepted")
        with self.assertRaises(NotImplementedError):
            owners[accepted.pk].withdraw(actor=self.city_editor, record=accepted)
        owners[line.record_id].withdraw(actor=self.city_editor, record=line.record, reason="x")
        line.refresh_from_db()
        self.assertIsNotNone(line.withdrawn_at)
