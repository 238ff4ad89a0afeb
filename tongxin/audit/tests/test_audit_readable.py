"""The auditor's trail reads as sentences: objects by name, changes as 字段：前 → 后."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tongxin.accounts.services.units import unit_update
from tongxin.ledger.tests.base import LedgerTestCase


class ReadableTrailTests(LedgerTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.record = cls.make_record(title="广汉市港澳台侨企业恳谈会", submit=True)
        cls.make_record(title="另一次恳谈会", approve=True)
        unit_update(actor=cls.sysadmin, unit=cls.shifang, name="什邡市")

    def page(self):
        self.client.force_login(self.auditor)
        return self.client.get(reverse("audit:event_list"))

    def test_objects_are_named_with_their_kind(self):
        html = self.page().content.decode()
        self.assertIn("记录《广汉市港澳台侨企业恳谈会》", html)
        self.assertIn("用户 广汉填报员（gh）", html)

    def test_changes_show_field_labels_and_names_instead_of_ids(self):
        html = self.page().content.decode()
        self.assertIn("单位：广汉市", html)
        self.assertIn("记录类型：", html)
        self.assertIn("状态：待审核 → 已通过", html)

    def test_no_model_label_with_id_and_no_raw_dict(self):
        html = self.page().content.decode()
        self.assertIsNone(re.search(r"\b[a-z_]+\.[a-z_]+ #\d+", html))
        self.assertNotIn("{&#x27;", html)
        self.assertNotIn("{'", html)

    def test_names_are_resolved_in_bulk(self):
        self.client.force_login(self.auditor)
        url = reverse("audit:event_list")
        self.client.get(url)  # the session's first refresh
        with CaptureQueriesContext(connection) as before:
            self.client.get(url)
        for _i in range(3):
            self.make_record(title="再一次恳谈会", approve=True)
        # Three more records on the page, no more queries: one per model named
        # (records, users, units, record types, work areas), whatever the rows.
        with self.assertNumQueries(11):
            self.client.get(url)
        self.assertEqual(len(before), 11)
