"""Writing records through the API goes through the ledger's services: audited,
validated in Chinese, with the optimistic version."""

from tongxin.api.pagination import MAX_PAGE_SIZE
from tongxin.api.tests.base import ApiTestCase, bearer, make_record
from tongxin.audit.models import AuditEvent
from tongxin.ledger.models import RecordStatus, WorkRecord

NEW = {"record_type": "forum", "date": "2023-06-01", "title": "广汉市民营企业家恳谈会"}


class RecordWriteTests(ApiTestCase):
    def setUp(self):
        self.headers = bearer(self.guanghan_reporter)

    def post(self, body, path="/records/"):
        return self.call("post", path, headers=self.headers, body=body)

    def test_creating_a_record_writes_it_for_the_owners_unit_with_its_audit_row(self):
        response = self.post({**NEW, "tags": ["营商环境"]})
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        record = WorkRecord.objects.get(pk=data["id"])
        self.assertEqual(record.unit, self.guanghan)
        self.assertEqual(record.created_by, self.guanghan_reporter)
        self.assertEqual(data["status"], RecordStatus.DRAFT)
        self.assertEqual(data["tags"], ["营商环境"])
        self.assertEqual(data["unit"]["name"], "广汉市")
        event = AuditEvent.objects.get(action="record.create", object_id=str(record.pk))
        self.assertEqual(event.actor, self.guanghan_reporter)
        self.assertEqual(event.after["title"], NEW["title"])

    def test_submit_true_creates_it_submitted(self):
        response = self.post({**NEW, "submit": True})
        self.assertEqual(response.json()["status"], RecordStatus.SUBMITTED)

    def test_a_reporter_cannot_record_for_another_county(self):
        response = self.post({**NEW, "unit": self.shifang.pk})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json()["error"]["fields"]["unit"], ["找不到该单位，或您不能为其填报。"]
        )
        self.assertFalse(WorkRecord.objects.exists())

    def test_validation_errors_are_chinese_and_by_field(self):
        response = self.post({"record_type": "forum", "date": "2023-13-01", "count": -1})
        self.assertEqual(response.status_code, 400)
        error = response.json()["error"]
        self.assertEqual(error["code"], "invalid")
        self.assertEqual(error["message"], "提交的内容有误，请按字段提示修改。")
        self.assertEqual(error["fields"]["title"], ["必填。"])
        self.assertEqual(error["fields"]["date"], ["日期格式应为 YYYY-MM-DD。"])
        self.assertEqual(error["fields"]["count"], ["不能小于 0。"])

    def test_the_services_own_rules_answer_in_chinese(self):
        # A forum carries no amount; the end may not precede the start.
        response = self.post({**NEW, "amount": "12.50"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["amount"], ["“恳谈会”类型不记录金额。"])
        response = self.post({**NEW, "end_date": "2023-05-01"})
        self.assertEqual(
            response.json()["error"]["fields"]["end_date"], ["结束日期不能早于开始日期。"]
        )
        response = self.post({**NEW, "record_type": "no-such-type"})
        self.assertIn("记录类型", response.json()["error"]["fields"]["record_type"][0])

    def test_text_that_no_database_can_store_is_refused(self):
        response = self.post({**NEW, "title": "恳谈\x00会"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["fields"]["title"], ["不能包含控制字符。"])

    def test_a_body_that_is_not_json_is_400(self):
        response = self.client.post(
            "/api/v1/records/",
            data="{not json",
            content_type="application/json",
            headers=self.headers,
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["error"]["message"], "请求体不是有效的 JSON。")

    def test_a_leader_may_read_but_not_record(self):
        response = self.call("post", "/records/", headers=bearer(self.leader), body=NEW)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["error"]["message"], "您没有权限执行此操作。")


class RecordUpdateTests(ApiTestCase):
    def setUp(self):
        self.headers = bearer(self.guanghan_reporter)
        self.record = make_record(self, actor=self.guanghan_reporter, unit=self.guanghan)

    def patch(self, body):
        return self.call("patch", f"/records/{self.record.pk}/", headers=self.headers, body=body)

    def test_patching_with_the_current_version_saves_and_audits(self):
        response = self.patch({"version": 1, "title": "改后的标题", "tags": ["乡村振兴"]})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["version"], 2)
        self.assertEqual(response.json()["tags"], ["乡村振兴"])
        event = AuditEvent.objects.get(action="record.update", object_id=str(self.record.pk))
        self.assertEqual(event.after["title"], "改后的标题")

    def test_a_stale_version_is_409_and_changes_nothing(self):
        self.patch({"version": 1, "title": "第一次"})
        response = self.patch({"version": 1, "title": "第二次"})
        self.assertEqual(response.status_code, 409)
        error = response.json()["error"]
        self.assertEqual(error["code"], "conflict")
        self.assertIn("您的保存未覆盖对方的修改", error["message"])
        self.assertIn("title", error["fields"])
        self.record.refresh_from_db()
        self.assertEqual(self.record.title, "第一次")

    def test_the_version_is_required_and_fields_may_not_be_emptied(self):
        self.assertEqual(
            self.patch({"title": "x"}).json()["error"]["fields"]["version"], ["必填。"]
        )
        response = self.patch({"version": 1, "title": None})
        self.assertEqual(response.json()["error"]["fields"]["title"], ["不能为空。"])

    def test_submitting_sends_it_to_review_once(self):
        path = f"/records/{self.record.pk}/submit/"
        response = self.call("post", path, headers=self.headers)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], RecordStatus.SUBMITTED)
        self.assertTrue(
            AuditEvent.objects.filter(
                action="record.submit", object_id=str(self.record.pk)
            ).exists()
        )
        again = self.call("post", path, headers=self.headers)
        self.assertEqual(again.status_code, 400)
        self.assertIn("待审核", again.json()["error"]["message"])


class PaginationTests(ApiTestCase):
    def test_page_size_is_capped_and_pages_past_the_end_are_404(self):
        for n in range(3):
            make_record(self, actor=self.guanghan_reporter, unit=self.guanghan, title=f"记录{n}")
        headers = bearer(self.guanghan_reporter)
        data = self.call("get", "/records/?page_size=100000", headers=headers).json()
        self.assertEqual((data["page_size"], data["count"]), (MAX_PAGE_SIZE, 3))
        data = self.call("get", "/records/?page_size=2&page=2", headers=headers).json()
        self.assertEqual((data["page"], data["num_pages"], len(data["results"])), (2, 2, 1))
        past = self.call("get", "/records/?page=3&page_size=2", headers=headers)
        self.assertEqual(past.status_code, 404)
        self.assertEqual(past.json()["error"]["code"], "page_out_of_range")


class LimitMessageTests(ApiTestCase):
    setUp = RecordUpdateTests.setUp
    patch = RecordUpdateTests.patch

    def test_an_overlong_title_is_reported_with_the_titles_length_limit(self):
        for body in ({"version": 1, "title": "x" * 300}, {**NEW, "title": "x" * 300}):
            with self.subTest(body=sorted(body)):
                if "record_type" in body:
                    response = self.call("post", "/records/", headers=self.headers, body=body)
                else:
                    response = self.patch(body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    response.json()["error"]["fields"]["title"], ["过长（最多 200 个字符）。"]
                )

    def test_too_many_tags_are_still_reported_as_too_many_items(self):
        response = self.patch({"version": 1, "tags": [f"t{i}" for i in range(25)]})
        self.assertEqual(response.json()["error"]["fields"]["tags"], ["项目过多（最多 20 项）。"])
