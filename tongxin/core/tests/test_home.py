from django.urls import reverse

from tongxin.testing import CastTestCase


class HomeTests(CastTestCase):
    def test_it_greets_the_user_in_chinese_with_the_navigation(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, "广汉填报员，您好")
        for label in ("待办", "台账", "指标", "考核", "诉求", "综述", "文章", "设置"):
            self.assertContains(response, label)

    def test_the_administrators_do_not_get_business_navigation(self):
        self.client.force_login(self.auditor)
        response = self.client.get(reverse("core:home"))
        self.assertNotContains(response, "台账")
        self.assertContains(response, "审计")
        self.assertNotContains(response, "设置")  # the auditor reads the audit trail only
        self.client.force_login(self.sysadmin)
        response = self.client.get(reverse("core:home"))
        self.assertNotContains(response, "台账")
        self.assertContains(response, "用户")
        self.assertContains(response, "设置")

    def test_english_can_be_chosen(self):
        self.client.force_login(self.guanghan_reporter)
        self.client.post(reverse("set_language"), {"language": "en", "next": "/"})
        response = self.client.get(reverse("core:home"))
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, "Ledger")
        self.assertContains(response, "Log out")
        self.assertNotContains(response, "退出登录")

    def test_the_home_page_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.guanghan_reporter)
        # session, user with unit, the inbox count, the idle-timeout session refresh (3)
        with self.assertNumQueries(6):
            self.client.get(reverse("core:home"))
