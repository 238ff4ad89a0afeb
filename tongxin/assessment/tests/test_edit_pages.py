from decimal import Decimal

from django.urls import reverse

from tongxin.assessment.models import SchemeItem
from tongxin.assessment.services import schemes as scheme_services
from tongxin.assessment.tests.base import AssessmentTestCase
from tongxin.audit.models import AuditEvent


class SchemeEditPageTests(AssessmentTestCase):
    def url(self):
        return reverse("assessment:scheme_edit", args=[self.scheme.pk])

    def test_the_draft_scheme_page_links_to_the_edit_pages(self):
        self.client.force_login(self.city_editor)
        page = self.client.get(reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.assertContains(page, self.url())
        self.assertContains(page, reverse("assessment:item_edit", args=[self.forum_item.pk]))

    def test_the_form_shows_the_name_and_the_units_assessed(self):
        self.client.force_login(self.city_editor)
        page = self.client.get(self.url())
        self.assertContains(page, "修改考核方案")
        self.assertContains(page, 'value="区县统战工作目标考核"')
        # 向阳镇 is a town, not a county: it stays listed (and ticked) all the same.
        self.assertContains(page, "向阳镇")
        self.assertEqual(page.context["form"]["units"].initial, [*self.scheme.units.all()])

    def test_an_editor_renames_the_scheme_and_changes_its_units(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            self.url(), {"name": "区县目标考核", "units": [self.guanghan.pk, self.shifang.pk]}
        )
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.name, "区县目标考核")
        self.assertEqual(set(self.scheme.units.all()), {self.guanghan, self.shifang})
        event = AuditEvent.objects.filter(action="assessment.scheme_update").get()
        self.assertEqual(event.after["name"], "区县目标考核")

    def test_the_form_says_what_is_wrong_and_changes_nothing(self):
        scheme_services.scheme_create(
            actor=self.city_editor, year=2022, name="成员单位考核", units=[self.shifang]
        )
        self.client.force_login(self.city_editor)
        response = self.client.post(self.url(), {"name": "成员单位考核", "units": []})
        self.assertContains(response, "这个字段是必填项")
        response = self.client.post(
            self.url(), {"name": "成员单位考核", "units": [self.guanghan.pk]}
        )
        self.assertContains(response, "2022年已有同名方案“成员单位考核”。")
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.name, "区县统战工作目标考核")
        self.assertEqual(self.scheme.units.count(), 3)

    def test_a_published_scheme_refuses_and_changes_nothing(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        self.client.force_login(self.city_editor)
        page = self.client.get(self.url(), follow=True)
        self.assertContains(page, scheme_services.SCHEME_FROZEN)
        self.assertNotContains(page, 'data-testid="scheme-form"')
        self.assertNotContains(page, 'data-testid="scheme-edit"')
        response = self.client.post(self.url(), {"name": "改名", "units": [self.guanghan.pk]})
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.name, "区县统战工作目标考核")
        self.assertEqual(self.scheme.units.count(), 3)

    def test_a_reporter_or_leader_cannot_edit(self):
        for user in (self.guanghan_reporter, self.leader):
            self.client.force_login(user)
            with self.subTest(user.role):
                self.assertEqual(self.client.get(self.url()).status_code, 403)
                response = self.client.post(self.url(), {"name": "改名", "units": [user.unit.pk]})
                self.assertEqual(response.status_code, 403)
        self.scheme.refresh_from_db()
        self.assertEqual(self.scheme.name, "区县统战工作目标考核")


class ItemEditPageTests(AssessmentTestCase):
    def url(self, item=None):
        return reverse("assessment:item_edit", args=[(item or self.forum_item).pk])

    def data(self, **changes):
        return {
            "name": "民营企业家恳谈会",
            "kind": "indicator",
            "max_score": "40",
            "weight": "1",
            "indicator": self.forums.pk,
            "method": "linear",
            "target": "2",
            "thresholds": "",
            **changes,
        }

    def test_the_form_shows_the_items_settings(self):
        self.client.force_login(self.city_editor)
        page = self.client.get(self.url())
        self.assertContains(page, "修改考核项目")
        self.assertContains(page, 'value="民营企业家恳谈会"')
        self.assertEqual(page.context["form"]["indicator"].initial, self.forums)
        self.assertEqual(page.context["form"]["target"].initial, Decimal(2))

    def test_an_editor_switches_an_item_to_thresholds(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            self.url(),
            self.data(
                name="恳谈会（按档次）",
                max_score="30",
                weight="1.5",
                method="thresholds",
                target="",
                thresholds="2 100\n1 60",
            ),
        )
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        item = SchemeItem.objects.get(pk=self.forum_item.pk)
        self.assertEqual(
            (item.name, item.max_score, item.weight, item.method, item.thresholds),
            ("恳谈会（按档次）", Decimal(30), Decimal("1.5"), "thresholds", "2 100\n1 60"),
        )
        event = AuditEvent.objects.filter(action="assessment.item_update").get()
        self.assertEqual(event.before["max_score"], "40.00")

    def test_an_editor_changes_a_manual_items_maximum(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            self.url(self.manual_item),
            {"name": "工作评价", "kind": "manual", "max_score": "35", "weight": "1"},
        )
        self.assertRedirects(response, reverse("assessment:scheme_detail", args=[self.scheme.pk]))
        self.manual_item.refresh_from_db()
        self.assertEqual(self.manual_item.max_score, Decimal(35))

    def test_the_services_messages_reach_the_form_and_nothing_changes(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(self.url(), self.data(target=""))
        self.assertContains(response, scheme_services.TARGET_REQUIRED)
        response = self.client.post(self.url(), self.data(indicator=""))
        self.assertContains(response, scheme_services.INDICATOR_REQUIRED)
        response = self.client.post(self.url(), self.data(method="thresholds", thresholds=""))
        self.assertContains(response, scheme_services.THRESHOLDS_REQUIRED)
        self.forum_item.refresh_from_db()
        self.assertEqual((self.forum_item.method, self.forum_item.target), ("linear", Decimal(2)))
        self.assertFalse(AuditEvent.objects.filter(action="assessment.item_update").exists())

    def test_a_published_scheme_refuses_and_changes_nothing(self):
        scheme_services.scheme_publish(actor=self.city_editor, scheme=self.scheme)
        self.client.force_login(self.city_editor)
        page = self.client.get(self.url(), follow=True)
        self.assertContains(page, scheme_services.SCHEME_FROZEN)
        self.assertNotContains(page, 'data-testid="item-form"')
        self.assertNotContains(page, self.url())
        response = self.client.post(self.url(), self.data(max_score="10"), follow=True)
        self.assertContains(response, scheme_services.SCHEME_FROZEN)
        self.forum_item.refresh_from_db()
        self.assertEqual(self.forum_item.max_score, Decimal(40))

    def test_a_reporter_or_leader_cannot_edit(self):
        for user in (self.guanghan_reporter, self.leader):
            self.client.force_login(user)
            with self.subTest(user.role):
                self.assertEqual(self.client.get(self.url()).status_code, 403)
                response = self.client.post(self.url(), self.data(max_score="10"))
                self.assertEqual(response.status_code, 403)
        self.forum_item.refresh_from_db()
        self.assertEqual(self.forum_item.max_score, Decimal(40))
