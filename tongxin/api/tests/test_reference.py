"""Cases registered through the API; indicator values as the console prints them;
the published review as signed off."""

import datetime as dt
import json
from io import StringIO

from django.core.management import call_command

from tongxin.api.tests.base import ApiTestCase, make_record
from tongxin.audit.models import AuditEvent
from tongxin.cases.tests.base import make_enterprise
from tongxin.core.tests.test_cross_unit_views import forum_indicator
from tongxin.ledger.services import record_approve


def approved_forum(cast, unit, date):
    record = make_record(cast, actor=cast.city_editor, unit=unit, date=date, submit=True)
    return record_approve(actor=cast.city_editor, record=record)


class CaseApiTests(ApiTestCase):
    def test_an_editor_registers_a_case_with_its_timeline_and_audit_row(self):
        enterprise = make_enterprise(self, district=self.guanghan)
        body = {
            "enterprise": enterprise.pk,
            "source": "hotline",
            "category": "融资信贷",
            "title": "请求协调银行贷款",
            "received_on": "2023-03-01",
        }
        response = self.call("post", "/cases/", user=self.city_editor, body=body)
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["state"], "received")
        self.assertEqual(data["number"], f"SQ2023-{data['id']:05d}")
        self.assertEqual([e["action"] for e in data["timeline"]], ["receive"])
        self.assertTrue(AuditEvent.objects.filter(action="case.receive").exists())
        detail = self.call("get", f"/cases/{data['id']}/", user=self.city_editor).json()
        self.assertEqual(detail["timeline"][0]["actor"], "李编辑")

    def test_a_reporter_may_not_register_and_unknown_references_are_field_errors(self):
        body = {"enterprise": 1, "source": "hotline", "category": "融资信贷", "title": "x"}
        self.assertEqual(
            self.call("post", "/cases/", user=self.guanghan_reporter, body=body).status_code, 403
        )
        response = self.call(
            "post",
            "/cases/",
            user=self.city_editor,
            body={**body, "enterprise": 999999, "category": "无此类别"},
        )
        self.assertEqual(response.status_code, 400)
        fields = response.json()["error"]["fields"]
        self.assertEqual(set(fields), {"enterprise", "category"})

    def test_a_forum_case_needs_its_forum(self):
        enterprise = make_enterprise(self)
        body = {
            "enterprise": enterprise.pk,
            "source": "forum",
            "category": "融资信贷",
            "title": "x",
        }
        response = self.call("post", "/cases/", user=self.city_editor, body=body)
        self.assertEqual(response.status_code, 400)
        self.assertIn("恳谈会", response.json()["error"]["fields"]["forum_record"][0])


class IndicatorApiTests(ApiTestCase):
    def test_values_are_those_of_the_console_command(self):
        forum_indicator()
        approved_forum(self, self.guanghan, dt.date(2023, 4, 1))
        approved_forum(self, self.guanghan_town, dt.date(2023, 5, 1))
        out = StringIO()
        call_command("indicators", "2023", "--unit", self.guanghan.code, "--json", stdout=out)
        response = self.call(
            "get", f"/indicators/?year=2023&unit={self.guanghan.pk}", user=self.guanghan_reporter
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["indicators"], json.loads(out.getvalue()))
        self.assertEqual(response.json()["indicators"][0]["value"], 2)

    def test_without_a_unit_a_reporter_gets_the_own_unit(self):
        response = self.call("get", "/indicators/?year=2023", user=self.guanghan_reporter)
        self.assertEqual(response.json()["unit"]["code"], self.guanghan.code)


class ReviewApiTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from tongxin.reports.services.reviews import review_create

        forum_indicator()
        approved_forum(cls, cls.guanghan, dt.date(2021, 4, 1))
        cls.review = review_create(
            actor=None,
            year=2021,
            unit=cls.guanghan,
            title="广汉市2021年统战工作综述",
            source="# 总体情况\n全年举办恳谈会{{forums}}。",
            created_by=cls.city_editor,
        )

    def sign_off(self):
        from tongxin.reports.services.reviews import review_sign_off

        review_sign_off(actor=self.leader, version=self.review.versions.get())

    def test_an_unpublished_review_is_404(self):
        response = self.call("get", "/reviews/2021/", user=self.guanghan_reporter)
        self.assertEqual(response.status_code, 404)

    def test_the_published_review_gives_its_text_and_frozen_figures(self):
        self.sign_off()
        response = self.call("get", "/reviews/2021/", user=self.guanghan_reporter)
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(data["text"], "广汉市2021年统战工作综述\n\n总体情况\n全年举办恳谈会1。\n")
        self.assertEqual(
            data["figures"], [{"code": "forums", "name": "恳谈会", "unit": "", "value": 1}]
        )
        self.assertEqual(data["signed_by"], "王部长")
        # The department asks for it by unit.
        url = f"/reviews/2021/?unit={self.guanghan.pk}"
        self.assertEqual(self.call("get", url, user=self.city_editor).status_code, 200)
