from django.urls import reverse

from tongxin.audit.models import AuditEvent
from tongxin.indicators.models import Indicator
from tongxin.indicators.tests.base import IndicatorTestCase


class IndicatorDefinitionTests(IndicatorTestCase):
    def test_an_editor_defines_a_new_indicator(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("indicators:indicator_create"),
            {
                "code": "trainings",
                "name": "培训班期数",
                "kind": "count",
                "unit_word": "期",
                "scope": "subtree",
                "record_types": [self.forum.pk],
                "tags": "",
                "higher_is_better": "on",
            },
        )
        self.assertRedirects(response, reverse("indicators:indicator_list"))
        indicator = Indicator.objects.get(code="trainings")
        self.assertEqual(list(indicator.record_types.all()), [self.forum])

    def test_editing_keeps_the_code_and_is_audited(self):
        self.client.force_login(self.city_editor)
        self.client.post(
            reverse("indicators:indicator_edit", args=["forums"]),
            {
                "code": "ignored",
                "name": "恳谈会（场次）",
                "kind": "count",
                "unit_word": "场",
                "scope": "own",
                "record_types": [self.forum.pk],
                "higher_is_better": "on",
            },
        )
        self.forums.refresh_from_db()
        self.assertEqual(
            (self.forums.code, self.forums.name, self.forums.scope),
            ("forums", "恳谈会（场次）", "own"),
        )
        event = AuditEvent.objects.get(action="indicator.update")
        self.assertEqual(event.before["scope"], "subtree")
        self.assertEqual(event.after["scope"], "own")

    def test_a_sum_without_a_measure_is_refused_in_chinese(self):
        self.client.force_login(self.city_editor)
        response = self.client.post(
            reverse("indicators:indicator_create"),
            {
                "code": "x",
                "name": "x",
                "kind": "sum",
                "scope": "own",
            },
        )
        self.assertContains(response, "须选择要合计的度量")

    def test_only_editors_may_define_indicators(self):
        for user in (self.guanghan_reporter, self.leader):
            self.client.force_login(user)
            for url in (
                reverse("indicators:indicator_list"),
                reverse("indicators:indicator_edit", args=["forums"]),
            ):
                self.assertEqual(self.client.get(url).status_code, 403)
