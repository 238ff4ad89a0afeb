import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tongxin.audit.models import AuditEvent
from tongxin.cases import creditcode
from tongxin.cases.models import Enterprise, Industry, Ownership
from tongxin.cases.services import enterprises as enterprises_services
from tongxin.cases.services.enterprises import enterprise_update
from tongxin.cases.tests.base import CasesTestCase, make_code, make_enterprise


class EnterpriseServiceTests(CasesTestCase):
    def create(self, actor=None, **overrides):
        values = dict(
            actor=actor or self.city_editor,
            name="德阳台资精密机械有限公司",
            credit_code=make_code(7),
            district=self.guanghan,
            industry=Industry.C,
            ownership=Ownership.TAIWAN,
            founded_on=dt.date(2010, 1, 1),
            arrived_on=dt.date(2022, 3, 1),
        )
        values.update(overrides)
        return enterprises_services.enterprise_create(**values)

    def test_it_registers_an_enterprise_with_an_audit_row(self):
        enterprise = self.create()
        self.assertEqual(enterprise.credit_code, make_code(7))
        event = AuditEvent.objects.get(action="enterprise.create", object_id=str(enterprise.pk))
        self.assertEqual(event.after["credit_code"], make_code(7))
        self.assertEqual(event.unit, self.guanghan)

    def test_it_stores_the_normalized_code(self):
        enterprise = self.create(credit_code=" " + make_code(8).lower())
        self.assertEqual(enterprise.credit_code, make_code(8))

    def test_a_wrong_check_character_is_refused_with_the_expected_one(self):
        good = make_code(9)
        wrong = "0" if good[-1] != "0" else "1"
        with self.assertRaises(ValidationError) as ctx:
            self.create(credit_code=good[:-1] + wrong)
        message = ctx.exception.message_dict["credit_code"][0]
        self.assertEqual(message, creditcode.WRONG_CHECK.format(expected=good[-1], actual=wrong))

    def test_a_code_registered_twice_is_refused(self):
        self.create()
        with self.assertRaises(ValidationError) as ctx:
            self.create(name="另一家")
        self.assertIn("已登记为", ctx.exception.message_dict["credit_code"][0])

    def test_arrival_before_founding_is_refused(self):
        with self.assertRaises(ValidationError) as ctx:
            self.create(arrived_on=dt.date(2009, 1, 1))
        self.assertIn("arrived_on", ctx.exception.message_dict)

    def test_a_reporter_registers_in_their_own_county_only(self):
        self.assertEqual(self.create(actor=self.guanghan_reporter).district, self.guanghan)
        with self.assertRaises(PermissionDenied):
            self.create(
                actor=self.guanghan_reporter, district=self.shifang, credit_code=make_code(3)
            )

    def test_a_leader_does_not_keep_the_registry(self):
        with self.assertRaises(PermissionDenied):
            self.create(actor=self.leader)

    def test_an_update_audits_only_what_changed(self):
        enterprise = self.create()
        enterprise_update(
            actor=self.city_editor,
            enterprise=enterprise,
            changes={"name": "德阳台资精密机械股份有限公司", "ownership": Ownership.TAIWAN},
        )
        event = AuditEvent.objects.get(action="enterprise.update")
        self.assertEqual(event.before, {"name": "德阳台资精密机械有限公司"})
        self.assertEqual(event.after, {"name": "德阳台资精密机械股份有限公司"})

    def test_an_update_without_changes_writes_nothing(self):
        enterprise = self.create()
        enterprise_update(
            actor=self.city_editor, enterprise=enterprise, changes={"name": enterprise.name}
        )
        self.assertFalse(AuditEvent.objects.filter(action="enterprise.update").exists())

    def test_a_reporter_cannot_move_an_enterprise_to_another_county(self):
        enterprise = self.create(actor=self.guanghan_reporter)
        with self.assertRaises(PermissionDenied):
            enterprise_update(
                actor=self.guanghan_reporter,
                enterprise=enterprise,
                changes={"district": self.shifang},
            )

    def test_list_memberships_are_recorded_once_per_year_and_list(self):
        enterprise = self.create()
        enterprises_services.enterprise_membership_add(
            actor=self.city_editor,
            enterprise=enterprise,
            year=2022,
            list_name="四川省民营企业100强",
        )
        with self.assertRaises(ValidationError):
            enterprises_services.enterprise_membership_add(
                actor=self.city_editor,
                enterprise=enterprise,
                year=2022,
                list_name="四川省民营企业100强",
            )
        enterprises_services.enterprise_membership_add(
            actor=self.city_editor,
            enterprise=enterprise,
            year=2023,
            list_name="四川省民营企业100强",
        )
        self.assertEqual(enterprise.memberships.count(), 2)
        self.assertEqual(AuditEvent.objects.filter(action="enterprise.membership_add").count(), 2)


class EnterprisePageTests(CasesTestCase):
    def test_the_list_shows_a_reporter_their_county_only(self):
        make_enterprise(self, serial=1, district=self.guanghan, name="广汉企业")
        make_enterprise(self, serial=2, district=self.shifang, name="什邡企业")
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("cases:enterprise_list"))
        self.assertContains(response, "广汉企业")
        self.assertNotContains(response, "什邡企业")

    def test_the_list_takes_a_fixed_number_of_queries(self):
        for serial in range(1, 6):
            make_enterprise(self, serial=serial)
        self.client.force_login(self.city_editor)
        url = reverse("cases:enterprise_list")
        self.client.get(url)
        # session, user, count, the navigation's inbox count, the page (districts
        # joined): the same for any number of rows.
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get(url).status_code, 200)
        for serial in range(6, 16):
            make_enterprise(self, serial=serial)
        with self.assertNumQueries(5):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_a_bad_code_is_explained_on_the_form(self):
        self.client.force_login(self.city_editor)
        good = make_code(5)
        wrong = "0" if good[-1] != "0" else "1"
        response = self.client.post(
            reverse("cases:enterprise_create"),
            {
                "name": "测试企业",
                "credit_code": good[:-1] + wrong,
                "district": self.guanghan.pk,
                "industry": "C",
                "ownership": "taiwan",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f"第18位应为“{good[-1]}”")
        self.assertFalse(Enterprise.objects.exists())

    def test_an_editor_registers_edits_and_sees_the_history(self):
        self.client.force_login(self.city_editor)
        data = {
            "name": "测试企业",
            "credit_code": make_code(5),
            "district": self.guanghan.pk,
            "industry": "C",
            "ownership": "taiwan",
            "arrived_on": "2022-06-01",
        }
        response = self.client.post(reverse("cases:enterprise_create"), data)
        enterprise = Enterprise.objects.get()
        self.assertRedirects(response, reverse("cases:enterprise_detail", args=[enterprise.pk]))
        data["ownership"] = "hongkong"
        self.client.post(reverse("cases:enterprise_edit", args=[enterprise.pk]), data)
        self.client.post(
            reverse("cases:enterprise_membership_add", args=[enterprise.pk]),
            {"year": 2022, "list_name": "四川省民营企业100强", "rank": 12},
        )
        response = self.client.get(reverse("cases:enterprise_detail", args=[enterprise.pk]))
        self.assertContains(response, "所有制类别：台资 → 港资")
        self.assertContains(response, "2022四川省民营企业100强（第12名）")

    def test_a_reporter_cannot_open_another_countys_enterprise(self):
        enterprise = make_enterprise(self, district=self.shifang)
        self.client.force_login(self.guanghan_reporter)
        for name in ("cases:enterprise_detail", "cases:enterprise_edit"):
            response = self.client.get(reverse(name, args=[enterprise.pk]))
            self.assertEqual(response.status_code, 404)

    def test_a_leader_reads_but_does_not_edit(self):
        enterprise = make_enterprise(self)
        self.client.force_login(self.leader)
        self.assertEqual(
            self.client.get(reverse("cases:enterprise_detail", args=[enterprise.pk])).status_code,
            200,
        )
        response = self.client.get(reverse("cases:enterprise_edit", args=[enterprise.pk]))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.get(reverse("cases:enterprise_create")).status_code, 403)

    def test_administrators_get_403(self):
        for user in (self.sysadmin, self.secadmin, self.auditor):
            self.client.force_login(user)
            with self.subTest(user.username):
                response = self.client.get(reverse("cases:enterprise_list"))
                self.assertEqual(response.status_code, 403)
