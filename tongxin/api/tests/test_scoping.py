"""A reporter's token sees what the reporter sees: another county's objects are
404 and missing from lists, as on the pages."""

import datetime as dt

from tongxin.api.tests.base import ApiTestCase, bearer, make_record
from tongxin.cases.tests.base import make_case, make_enterprise


class ReporterScopeTests(ApiTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.own = make_record(cls, actor=cls.guanghan_reporter, unit=cls.guanghan, title="广汉座谈")
        cls.town = make_record(
            cls, actor=cls.guanghan_reporter, unit=cls.guanghan_town, title="向阳镇座谈"
        )
        cls.other = make_record(cls, actor=cls.shifang_reporter, unit=cls.shifang, title="什邡座谈")

    def setUp(self):
        self.headers = bearer(self.guanghan_reporter)

    def get(self, path):
        return self.call("get", path, headers=self.headers)

    def test_the_record_list_holds_the_own_subtree_only(self):
        titles = {r["title"] for r in self.get("/records/").json()["results"]}
        self.assertEqual(titles, {"广汉座谈", "向阳镇座谈"})

    def test_another_countys_record_is_404_for_every_method(self):
        path = f"/records/{self.other.pk}/"
        self.assertEqual(self.get(path).status_code, 404)
        patch = self.call("patch", path, headers=self.headers, body={"version": 1, "title": "x"})
        self.assertEqual(patch.status_code, 404)
        submit = self.call("post", f"{path}submit/", headers=self.headers)
        self.assertEqual(submit.status_code, 404)
        self.assertEqual(submit.json()["error"]["code"], "not_found")
        self.other.refresh_from_db()
        self.assertEqual(self.other.title, "什邡座谈")

    def test_filtering_by_another_countys_unit_finds_nothing(self):
        self.assertEqual(self.get(f"/records/?unit={self.shifang.pk}").json()["count"], 0)

    def test_the_department_sees_every_unit(self):
        headers = bearer(self.city_editor)
        response = self.call("get", "/records/", headers=headers)
        self.assertEqual(response.json()["count"], 3)
        self.assertEqual(
            self.call("get", f"/records/{self.other.pk}/", headers=headers).status_code, 200
        )

    def test_cases_and_enterprises_follow_the_same_rule(self):
        own = make_case(
            self,
            enterprise=make_enterprise(self, district=self.guanghan),
            lead=self.guanghan,
            until="assigned",
        )
        other = make_case(
            self,
            enterprise=make_enterprise(self, district=self.shifang),
            lead=self.shifang,
            until="assigned",
        )
        self.assertEqual(self.get(f"/cases/{own.pk}/").status_code, 200)
        self.assertEqual(self.get(f"/cases/{other.pk}/").status_code, 404)
        self.assertEqual([c["id"] for c in self.get("/cases/").json()["results"]], [own.pk])
        self.assertEqual(self.get(f"/enterprises/{other.enterprise_id}/").status_code, 404)
        ids = [e["id"] for e in self.get("/enterprises/").json()["results"]]
        self.assertEqual(ids, [own.enterprise_id])

    def test_units_are_the_reporters_subtree(self):
        codes = [u["code"] for u in self.get("/units/").json()["results"]]
        self.assertEqual(codes, [self.guanghan.code, self.guanghan_town.code])

    def test_another_countys_indicators_and_review_are_404(self):
        self.assertEqual(self.get(f"/indicators/?unit={self.shifang.pk}").status_code, 404)
        self.assertEqual(self.get(f"/reviews/2022/?unit={self.shifang.pk}").status_code, 404)

    def test_administrators_get_no_business_data(self):
        from tongxin.api.models import ApiToken
        from tongxin.api.services import token_hash

        # The service gives administrators no token; one made directly is refused too.
        for admin in (self.sysadmin, self.secadmin, self.auditor):
            raw = f"tx_{admin.username}"
            ApiToken.objects.create(owner=admin, name="x", token_hash=token_hash(raw), prefix="tx_")
            with self.subTest(admin.role):
                response = self.call("get", "/records/", headers={"Authorization": f"Bearer {raw}"})
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["error"]["code"], "no_business_role")


class DateScopeTests(ApiTestCase):
    def test_year_filter(self):
        make_record(
            self, actor=self.guanghan_reporter, unit=self.guanghan, date=dt.date(2022, 3, 1)
        )
        make_record(
            self, actor=self.guanghan_reporter, unit=self.guanghan, date=dt.date(2023, 3, 1)
        )
        response = self.call("get", "/records/?year=2022", user=self.guanghan_reporter)
        self.assertEqual([r["date"] for r in response.json()["results"]], ["2022-03-01"])
