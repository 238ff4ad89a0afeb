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
        # session, user with unit, the 待办 card's counts (the badge reuses them), the
        # records card, the key figures' targets (nothing else without targets), the
        # idle-timeout session refresh (3); test_home_cards pins each role with data
        with self.assertNumQueries(8):
            self.client.get(reverse("core:home"))

    def test_the_cards_come_from_the_registry(self):
        from tongxin.core.home import HOME_CARDS, HomeCard, register_home_card

        self.addCleanup(HOME_CARDS.pop, "test_task", None)
        self.addCleanup(HOME_CARDS.pop, "test_none", None)
        register_home_card(
            HomeCard(
                key="test_task",
                order=1,
                roles=frozenset({"reporter"}),
                content=lambda request: {
                    "title": f"{request.user.username}的任务",
                    "url": None,
                    "text": "三条待办",
                },
            )
        )
        register_home_card(
            HomeCard(
                key="test_none", order=2, roles=frozenset({"reporter"}), content=lambda r: None
            )
        )
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("core:home"))
        self.assertEqual(response.context["cards"][0]["key"], "test_task")
        self.assertContains(response, f"{self.guanghan_reporter.username}的任务")
        self.assertNotIn("test_none", [c["key"] for c in response.context["cards"]])
        self.client.force_login(self.city_editor)
        self.assertNotContains(self.client.get(reverse("core:home")), "的任务")
