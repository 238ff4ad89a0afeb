import datetime as dt

from django.urls import reverse

from tongxin.cases.models import Case, CaseCategory, CaseState
from tongxin.cases.tests.base import CasesTestCase, make_case, make_enterprise, make_forum


class CaseListTests(CasesTestCase):
    def test_a_reporter_sees_the_cases_their_county_leads_or_assists(self):
        make_case(self, lead=self.guanghan, until="assigned", title="广汉主责")
        make_case(
            self, lead=self.shifang, assisting=[self.guanghan], until="assigned", title="广汉协办"
        )
        make_case(self, lead=self.shifang, until="assigned", title="什邡独办")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:case_list"))
        self.assertContains(response, "广汉主责")
        self.assertContains(response, "广汉协办")
        self.assertNotContains(response, "什邡独办")
        self.assertNotContains(response, "登记诉求")

    def test_the_list_takes_a_fixed_number_of_queries(self):
        for _ in range(3):
            make_case(self, lead=self.guanghan, assisting=[self.shifang], until="assigned")
        url = reverse("cases:case_list")
        for user in (self.city_editor, self.guanghan_reporter):
            self.client.force_login(user)
            self.client.get(url)
            # session, user, count, the navigation's inbox count, the figures, the page
            # (enterprise, category and lead unit joined).
            with self.subTest(user.username), self.assertNumQueries(6):
                self.assertEqual(self.client.get(url).status_code, 200)
        for _ in range(10):
            make_case(self, lead=self.guanghan, assisting=[self.shifang], until="assigned")
        with self.assertNumQueries(6):
            self.client.get(url)

    def test_overdue_cases_are_marked_and_filtered(self):
        make_case(self, received_on=dt.date(2022, 5, 13), title="早已逾期")
        make_case(self, title="今天收到")
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("cases:case_list"), {"overdue": "1"})
        self.assertContains(response, "早已逾期")
        self.assertNotContains(response, "今天收到")
        self.assertContains(response, "逾期")

    def test_administrators_get_403(self):
        for user in (self.sysadmin, self.secadmin, self.auditor):
            self.client.force_login(user)
            with self.subTest(user.username):
                self.assertEqual(self.client.get(reverse("cases:case_list")).status_code, 403)

    def test_the_list_shows_the_years_figures(self):
        make_case(self, until="closed", received_on=dt.date(2022, 5, 13))
        make_case(self, until="replied", received_on=dt.date(2022, 5, 13))
        make_case(self, received_on=dt.date(2021, 5, 13))
        self.client.force_login(self.leader)
        response = self.client.get(reverse("cases:case_list"), {"year": 2022})
        self.assertContains(response, "已答复2件，已办结1件")
        self.assertContains(response, "满意率 100%")

    def test_pages_keep_the_filters(self):
        for _ in range(51):
            make_case(self, received_on=dt.date(2022, 5, 13))
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("cases:case_list"), {"year": 2022, "overdue": "1"})
        self.assertContains(response, "?year=2022&amp;overdue=1&page=2")


class CaseCreateTests(CasesTestCase):
    def post(self, **overrides):
        data = {
            "enterprise": make_enterprise(self).pk,
            "source": "forum",
            "forum_record": make_forum(self).pk,
            "category": CaseCategory.objects.get(name="用工人才").pk,
            "title": "招工难",
            "description": "技术工人短缺。",
            "received_on": "2022-05-10",
        }
        data.update(overrides)
        return self.client.post(reverse("cases:case_create"), data)

    def test_an_editor_registers_a_case_raised_at_a_forum(self):
        self.client.force_login(self.city_editor)
        response = self.post()
        case = Case.objects.get()
        self.assertRedirects(response, reverse("cases:case_detail", args=[case.pk]))
        self.assertEqual(case.forum_record.title, "台资企业恳谈会")
        self.assertEqual(case.state, CaseState.RECEIVED)

    def test_an_unknown_forum_record_is_explained(self):
        self.client.force_login(self.city_editor)
        response = self.post(forum_record=999999)
        self.assertContains(response, "找不到该恳谈会记录")
        self.assertFalse(Case.objects.exists())

    def test_a_forum_source_without_a_record_is_explained(self):
        self.client.force_login(self.city_editor)
        response = self.post(forum_record="")
        self.assertContains(response, "请填写提出诉求的恳谈会记录")

    def test_reporters_and_leaders_do_not_register_cases(self):
        for user in (self.guanghan_reporter, self.leader):
            self.client.force_login(user)
            with self.subTest(user.username):
                self.assertEqual(self.client.get(reverse("cases:case_create")).status_code, 403)

    def test_the_form_comes_prefilled_from_a_forum(self):
        forum = make_forum(self)
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("cases:case_create"), {"forum": forum.pk})
        self.assertContains(response, f'value="{forum.pk}"')


class CaseDetailTests(CasesTestCase):
    def act(self, case, action, **data):
        return self.client.post(
            reverse("cases:case_action", args=[case.pk]), {"action": action, **data}
        )

    def test_the_department_and_the_units_take_it_through_to_closing(self):
        case = make_case(self, forum=make_forum(self))
        self.client.force_login(self.city_editor)
        self.act(case, "screen", accepted="1")
        self.act(
            case,
            "assign",
            lead_unit=self.guanghan.pk,
            assisting_units=[self.shifang.pk],
        )
        self.client.force_login(self.guanghan_reporter)
        self.act(case, "start")
        self.act(case, "reply", reply="已协调。")
        self.client.force_login(self.city_editor)
        self.act(case, "feedback", satisfaction="satisfied", note="很好")
        response = self.act(case, "close")
        self.assertRedirects(response, reverse("cases:case_detail", args=[case.pk]))
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.CLOSED)
        response = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertContains(response, "已办结")
        self.assertContains(response, "满意：很好")
        self.assertContains(response, "主责：广汉市；协办：什邡市")

    def test_a_refused_step_is_explained_not_raised(self):
        case = make_case(self)
        self.client.force_login(self.city_editor)
        response = self.act(case, "screen", accepted="0", reason="")
        self.assertEqual(response.status_code, 302)
        response = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertContains(response, "不予受理时请填写理由")
        response = self.act(case, "close")
        self.assertContains(self.client.get(response.url), "不能执行此操作")

    def test_the_close_button_asks_for_confirmation(self):
        case = make_case(self, until="feedback")
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertContains(response, "data-confirm=")

    def test_a_leader_reads_but_cannot_act(self):
        case = make_case(self, until="assigned")
        self.client.force_login(self.leader)
        response = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "开始办理")
        self.assertEqual(self.act(case, "start").status_code, 403)

    def test_a_third_county_gets_404(self):
        case = make_case(self, lead=self.shifang, until="assigned")
        self.client.force_login(self.guanghan_reporter)
        self.assertEqual(
            self.client.get(reverse("cases:case_detail", args=[case.pk])).status_code, 404
        )
        self.assertEqual(self.act(case, "start").status_code, 404)
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.ASSIGNED)

    def test_the_assisting_county_may_start_it(self):
        case = make_case(self, lead=self.shifang, assisting=[self.guanghan], until="assigned")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:case_detail", args=[case.pk]))
        self.assertContains(response, "开始办理")
        self.act(case, "start")
        case.refresh_from_db()
        self.assertEqual(case.state, CaseState.IN_PROGRESS)

    def test_the_detail_takes_a_fixed_number_of_queries(self):
        case = make_case(self, forum=make_forum(self), until="closed")
        self.client.force_login(self.city_editor)
        url = reverse("cases:case_detail", args=[case.pk])
        self.client.get(url)
        with self.assertNumQueries(6):
            self.client.get(url)


class CategoryPageTests(CasesTestCase):
    def post_days(self, respond, resolve):
        data = {}
        for category in CaseCategory.objects.all():
            data[f"respond_{category.pk}"] = category.respond_days
            data[f"resolve_{category.pk}"] = category.resolve_days
        financing = CaseCategory.objects.get(name="融资信贷")
        data[f"respond_{financing.pk}"] = respond
        data[f"resolve_{financing.pk}"] = resolve
        return self.client.post(reverse("cases:category_list"), data)

    def test_an_editor_changes_the_deadlines_of_new_cases(self):
        self.client.force_login(self.city_editor)
        self.assertRedirects(self.post_days(2, 10), reverse("cases:category_list"))
        financing = CaseCategory.objects.get(name="融资信贷")
        self.assertEqual((financing.respond_days, financing.resolve_days), (2, 10))
        from tongxin.audit.models import AuditEvent

        self.assertEqual(AuditEvent.objects.filter(action="case_category.update").count(), 1)
        case = make_case(self, received_on=dt.date(2022, 5, 13))
        self.assertEqual(case.resolve_by, dt.date(2022, 5, 27))

    def test_days_out_of_range_are_refused(self):
        self.client.force_login(self.city_editor)
        # The first category is fine, the second not: neither changes.
        other = CaseCategory.objects.get(name="用工人才")
        data = {}
        for category in CaseCategory.objects.all():
            data[f"respond_{category.pk}"] = category.respond_days
            data[f"resolve_{category.pk}"] = category.resolve_days
        data[f"resolve_{CaseCategory.objects.get(name='融资信贷').pk}"] = 9
        data[f"respond_{other.pk}"] = 0
        response = self.client.post(reverse("cases:category_list"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "时限应为1至60个工作日")
        self.assertEqual(CaseCategory.objects.get(name="融资信贷").resolve_days, 7)

    def test_others_read_but_do_not_change(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:category_list"))
        self.assertContains(response, "融资信贷")
        self.assertNotContains(response, 'name="respond_')
        self.assertEqual(self.post_days(2, 10).status_code, 403)
