"""补录 from the credit page in a closed year (issue 18): an editor asks, a second
editor approves, and the meeting's total, the ledger record and check-owners agree."""

import datetime as dt
from decimal import Decimal

from tongxin.accounts.roles import Role
from tongxin.accounts.services.users import user_create
from tongxin.browser_testing import BrowserTestCase
from tongxin.cases.models import CreditLine
from tongxin.cases.services.credit import credit_line_add, credit_meeting_create
from tongxin.cases.tests.base import make_enterprise
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.closing import year_close
from tongxin.ledger.models import Correction, CorrectionStatus, RecordStatus
from tongxin.ledger.tests.owners_checked import check_owners
from tongxin.testing import PASSWORD


class LateCreditInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        user_create(
            actor=None,
            username="editor2",
            display_name="张编辑",
            role=Role.EDITOR,
            unit=self.economy_section,
            password=PASSWORD,
        )
        self.meeting = credit_meeting_create(
            actor=self.city_editor,
            title="2022年港澳台侨企业银企对接会",
            date=dt.date(2022, 8, 18),
            unit=self.city,
        )
        credit_line_add(
            actor=self.city_editor,
            meeting=self.meeting,
            enterprise=make_enterprise(self, name="德阳台资精工有限公司"),
            bank="德阳银行",
            amount=Decimal("150000000"),
        )
        make_enterprise(self, name="什邡侨资食品有限公司")  # arrived in 2022, before closing
        year_close(actor=self.city_editor, year=2022)

    def test_a_late_line_is_asked_on_the_credit_page_and_approved_by_a_second_editor(self):
        page = self.page
        self.log_in("editor", PASSWORD)
        page.goto(self.url(f"/cases/credit/{self.meeting.pk}/"))
        page.wait_for_selector("[data-testid=closed-year]")
        form = "[data-testid=add-line]"
        page.select_option(f"{form} select[name=enterprise]", label="什邡侨资食品有限公司")
        page.fill(f"{form} input[name=bank]", "农业银行")
        page.fill(f"{form} input[name=amount]", "5000")
        page.select_option(f"{form} select[name=amount_unit]", "万元")
        page.fill(f"{form} input[name=reason]", "三月发现漏报的2022年授信")
        page.click(f"{form} button[type=submit]")
        page.wait_for_selector("text=已提交补录/更正申请")
        self.assertEqual(page.inner_text("[data-testid=total]").strip(), "150,000,000 元")
        self.screenshot_both_widths("credit-late-requested")
        self.assert_fits_phone_width()
        correction = Correction.objects.get()
        self.assertEqual(CreditLine.objects.count(), 1)
        page.click("text=退出登录")

        # The second editor finds it in the 待办 and approves it.
        self.log_in("editor2", PASSWORD)
        page.goto(self.url("/ledger/inbox/"))
        page.click("text=什邡侨资食品有限公司获农业银行授信")
        page.wait_for_selector("text=三月发现漏报的2022年授信")
        self.screenshot_both_widths("credit-late-correction")
        page.click("button[value=approve]")
        page.wait_for_selector("text=更正已批准并生效")
        correction.refresh_from_db()
        self.assertEqual(correction.status, CorrectionStatus.APPROVED)
        self.assertEqual(correction.record.status, RecordStatus.APPROVED)
        page.goto(self.url(f"/cases/credit/{self.meeting.pk}/"))
        self.assertEqual(page.inner_text("[data-testid=total]").strip(), "200,000,000 元")
        self.screenshot_both_widths("credit-late-approved")
        # The record's page names its owner and sends edits there.
        page.goto(self.url(f"/ledger/records/{correction.record_id}/"))
        page.wait_for_selector("[data-testid=owner-notice]")
        self.assertIn("请在授信页面修改", page.inner_text("[data-testid=owner-notice]"))
        self.screenshot_both_widths("credit-late-record")
        self.assertEqual(check_owners(), "")
