"""A request raised at a forum, taken to closing in the browser, with an
unsatisfied feedback on the way; the assisting county sees it, a third does not."""

from tongxin.accounts.models import UnitKind
from tongxin.accounts.roles import Role
from tongxin.accounts.services.units import unit_create
from tongxin.accounts.services.users import user_create
from tongxin.browser_testing import BrowserTestCase
from tongxin.cases.models import Case, CaseState
from tongxin.cases.tests.base import make_enterprise, make_forum
from tongxin.ledger.catalogue import catalogue_ensure
from tongxin.ledger.models import RecordStatus
from tongxin.testing import PASSWORD


class CaseInTheBrowserTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        catalogue_ensure()
        # The live-server tests flush the database between tests, taking the default
        # categories that a data migration put there with it.
        from tongxin.cases.deadlines import DEFAULT_CATEGORIES
        from tongxin.cases.models import CaseCategory

        for order, (name, respond, resolve) in enumerate(DEFAULT_CATEGORIES):
            CaseCategory.objects.get_or_create(
                name=name,
                defaults={"respond_days": respond, "resolve_days": resolve, "sort_order": order},
            )
        self.forum = make_forum(self, title="港澳台侨企业恳谈会")
        self.enterprise = make_enterprise(self, district=self.guanghan, name="德阳台资精工有限公司")
        jingyang = unit_create(
            actor=None, code="510603", name="旌阳区", kind=UnitKind.COUNTY, parent=self.city
        )
        user_create(
            actor=None,
            username="jy",
            display_name="旌阳填报员",
            role=Role.REPORTER,
            unit=jingyang,
            password=PASSWORD,
        )
        # The close button asks for confirmation; the user says yes.
        self.page.on("dialog", lambda dialog: dialog.accept())

    def log_out(self):
        self.page.click("text=退出登录")
        self.page.wait_for_selector("text=登录同心统战工作平台")

    def state(self) -> str:
        return self.page.inner_text("[data-testid=state]")

    def test_a_forum_request_goes_round_once_and_is_closed(self):
        page = self.page
        # The department registers the request raised at the forum, screens and assigns it.
        self.log_in("editor", PASSWORD)
        page.goto(self.url(f"/cases/new/?forum={self.forum.pk}"))
        page.select_option("#id_enterprise", label="德阳台资精工有限公司")
        page.select_option("#id_category", label="融资信贷")
        page.fill("#id_title", "流动资金贷款续贷困难")
        page.fill("#id_description", "企业反映续贷审批时间长。")
        page.click("main form button[type=submit]")
        page.wait_for_selector("text=诉求已登记")
        case = Case.objects.get()
        self.assertEqual(case.forum_record, self.forum)
        page.check("input[name=accepted][value='1']")
        page.click("text=保存受理意见")
        page.wait_for_selector("text=受理意见已保存")
        page.select_option("#id_lead_unit", label="广汉市")
        page.check("label:has-text('什邡市') input")
        page.click("[data-testid=assign-form] button[type=submit]")
        page.wait_for_selector("text=诉求已交办")
        self.assertEqual(page.inner_text("[data-testid=assisting]"), "什邡市")
        self.log_out()

        # The lead county starts and replies.
        self.log_in("gh", PASSWORD)
        page.goto(self.url("/cases/"))
        page.click("text=流动资金贷款续贷困难")
        page.click("button[value=start]")
        page.wait_for_selector("text=已开始办理")
        page.fill("#id_reply", "已协调银行安排续贷审批。")
        page.click("text=答复企业")
        page.wait_for_selector("text=答复已保存")
        self.log_out()

        # The enterprise is not satisfied: the case goes back to the county.
        self.log_in("editor", PASSWORD)
        page.goto(self.url(f"/cases/{case.pk}/"))
        page.select_option("#id_satisfaction", label="不满意")
        page.fill("#id_note", "审批仍未完成")
        page.click("text=记录评价")
        page.wait_for_selector("text=企业评价已记录")
        self.assertEqual(self.state(), "办理中")
        self.log_out()

        # The assisting county sees it too, and resolves it.
        self.log_in("sf", PASSWORD)
        page.goto(self.url("/cases/"))
        self.assertIn("流动资金贷款续贷困难", page.inner_text("main"))
        page.click("text=流动资金贷款续贷困难")
        page.fill("#id_reply", "续贷已于本周发放。")
        page.click("text=答复企业")
        page.wait_for_selector("text=答复已保存")
        self.log_out()

        # A third county neither lists it nor opens it.
        self.log_in("jy", PASSWORD)
        page.goto(self.url("/cases/"))
        self.assertNotIn("流动资金贷款续贷困难", page.inner_text("main"))
        response = page.goto(self.url(f"/cases/{case.pk}/"))
        self.assertEqual(response.status, 404)
        page.goto(self.url("/cases/"))
        self.log_out()

        # Satisfied now; the department closes it, and the ledger counts it.
        self.log_in("editor", PASSWORD)
        page.goto(self.url(f"/cases/{case.pk}/"))
        page.select_option("#id_satisfaction", label="满意")
        page.click("text=记录评价")
        page.wait_for_selector("text=企业评价已记录")
        page.click("button[value=close]")
        page.wait_for_selector("text=诉求已办结")
        self.assertEqual(self.state(), "已办结")
        timeline = page.inner_text("[data-testid=timeline]")
        for text in ("不满意：审批仍未完成", "主责：广汉市；协办：什邡市", "续贷已于本周发放。"):
            self.assertIn(text, timeline)
        self.screenshot_both_widths("case-closed")
        self.assert_fits_phone_width()
        for path in ("/cases/", "/cases/enterprises/", f"/cases/enterprises/{self.enterprise.pk}/"):
            page.goto(self.url(path))
            self.assert_fits_phone_width()
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.CLOSED)
        self.assertEqual(case.resolution_record.status, RecordStatus.APPROVED)
        self.assertEqual(case.resolution_record.unit, self.guanghan)
