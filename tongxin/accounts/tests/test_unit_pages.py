from django.urls import reverse

from tongxin.testing import CastTestCase


class UnitListTests(CastTestCase):
    def test_a_reporter_lists_only_their_subtree(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("accounts:unit_list"))
        self.assertContains(response, "向阳镇")
        self.assertNotContains(response, "什邡市")

    def test_the_list_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.city_editor)
        # session, user with unit, the unit list, the inbox count, the session refresh (3)
        with self.assertNumQueries(7):
            response = self.client.get(reverse("accounts:unit_list"))
        self.assertContains(response, "什邡市")


class UnitDetailTests(CastTestCase):
    def test_it_shows_the_unit_and_its_users(self):
        self.client.force_login(self.city_editor)
        response = self.client.get(reverse("accounts:unit_detail", args=[self.guanghan.pk]))
        self.assertContains(response, "广汉填报员")
        self.assertContains(response, "向阳镇")

    def test_it_rejects_other_units(self):
        self.client.force_login(self.guanghan_reporter)
        response = self.client.get(reverse("accounts:unit_detail", args=[self.shifang.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "页面不存在", status_code=404)
